var builder = DistributedApplication.CreateBuilder(args);

var cache = builder.AddRedis("cache");
var postgres = builder.AddPostgres("postgres")
    .WithImage("ankane/pgvector")
    .WithImageTag("latest")
    .WithDataVolume();
var catalogDb = postgres.AddDatabase("catalogdb");
var messaging = builder.AddRabbitMQ("messaging");

var catalogApi = builder.AddProject<Projects.Catalog_Api>("catalog-api")
    .WithReference(catalogDb)
    .WithReference(messaging)
    .WaitFor(catalogDb);

var catalogEndpoint = catalogApi.GetEndpoint("http");

builder.AddProject<Projects.OrderProcessor>("order-processor")
    .WithReference(messaging)
    .WithEnvironment("Catalog__Url", catalogEndpoint);

var basketApi = builder.AddProject<Projects.Basket_Api>("basket-api")
    .WithReference(cache);

builder.AddProject<Projects.WebApp>("webapp")
    .WithExternalHttpEndpoints()
    .WithReference(catalogApi)
    .WithReference(basketApi);

builder.Build().Run();
