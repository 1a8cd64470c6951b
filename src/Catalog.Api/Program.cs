var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/status", () => Results.Ok(new { service = "catalog-api" }));
app.Run();

/// <summary>Entry point type, public so integration tests can host the app.</summary>
public partial class Program;
