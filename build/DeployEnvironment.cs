/// <summary>The environments the pipeline deploys to.</summary>
enum DeployEnvironment
{
    Staging,
    Production,
}
