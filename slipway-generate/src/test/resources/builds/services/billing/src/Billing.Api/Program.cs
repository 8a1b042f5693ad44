var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/healthz", () => Billing.Core.Invoices.Status);
app.Run();
