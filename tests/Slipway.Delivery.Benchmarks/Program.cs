using System.Globalization;
using Slipway.Delivery.Benchmarks;

// dotnet run -c Release --project tests/Slipway.Delivery.Benchmarks -- edge [rounds] [seconds] | canary [rounds] | swarm [rounds]
// (benchmarks/edge-benchmark.sh, benchmarks/canary-benchmark.sh and benchmarks/swarm-benchmark.sh run these).
var work = Directory.CreateTempSubdirectory("sw-bench-").FullName;
try
{
    switch (args.FirstOrDefault())
    {
        case "edge":
            await EdgeOverheadBenchmark.RunAsync(Argument(1, 5), Argument(2, 10), work);
            return 0;
        case "canary":
            await CanaryBenchmark.RunAsync(Argument(1, 20), work);
            return 0;
        case "swarm":
            await SwarmBenchmark.RunAsync(Argument(1, 3));
            return 0;
        default:
            Console.Error.WriteLine("usage: edge [rounds] [seconds] | canary [rounds] | swarm [rounds]");
            return 2;
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

int Argument(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
