require 'sinatra'

get '/health' do
  'ok'
end
