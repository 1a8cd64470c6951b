using System.Net;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>Where the edge reaches a Swarm service's tasks on one node (host network), and how many of them listen there.</summary>
internal sealed record SwarmTaskEndpoint(IPEndPoint Endpoint, int Tasks);
