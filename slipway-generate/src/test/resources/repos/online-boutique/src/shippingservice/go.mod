module github.com/GoogleCloudPlatform/microservices-demo/src/shippingservice

go 1.23
