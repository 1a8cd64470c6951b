/// <summary>
/// The environments this pipeline deploys to. Declared as an enum so --help and the generated rollback workflow offer
/// exactly these (the deploy component reads the value as its name; docs/deploy.md).
/// </summary>
enum DeployEnvironment
{
    Staging,
    Production,
}
