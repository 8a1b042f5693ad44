using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

public class HealthTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> _factory;

    public HealthTests(WebApplicationFactory<Program> factory) => _factory = factory;

    [Fact]
    public async Task HealthzAnswersOk()
    {
        var response = await _factory.CreateClient().GetAsync("/healthz");
        response.EnsureSuccessStatusCode();
    }
}
