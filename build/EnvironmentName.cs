/// <summary>
/// The names of the environments this pipeline deploys to (declared in Build.Environments.cs). An enum so --help and the
/// generated rollback workflow offer exactly these; not named DeployEnvironment, which would hide the library's record
/// of that name in the build and break the documented <c>DeployEnvironment IHazDeployEnvironments.ProductionEnvironment</c>.
/// </summary>
enum EnvironmentName
{
    Staging,
    Production,
}
