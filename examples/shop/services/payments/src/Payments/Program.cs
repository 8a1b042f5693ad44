// Payments: charges orders through the card processor and records them in PostgreSQL.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

var database = builder.Configuration["ConnectionStrings:Payments"] ?? "postgres://localhost:5432/payments";
var broker = builder.Configuration["RABBITMQ_HOST"] ?? "localhost";

app.MapGet("/healthz", () => Results.Ok("ok"));
app.MapPost("/charges", (Charge charge) => Results.Accepted($"/charges/{Guid.NewGuid()}", charge));

app.Logger.LogInformation("payments using {Database} and broker {Broker}", database, broker);
app.Run();

public record Charge(string OrderId, decimal Amount, string Currency);

public partial class Program { }
