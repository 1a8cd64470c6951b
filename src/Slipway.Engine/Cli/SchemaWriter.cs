using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Engine.IO;
using Slipway.Engine.Parameters;

namespace Slipway.Engine.Cli;

/// <summary><c>.nuke/build.schema.json</c>: a JSON Schema of parameters.json so IDEs complete and check it.</summary>
public static class SchemaWriter
{
    public static string Render(IReadOnlyList<ParameterDescriptor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var properties = new JsonObject
        {
            ["$schema"] = new JsonObject { ["type"] = "string" },
        };
        foreach (var parameter in parameters)
        {
            var schema = TypeSchema(parameter.ValueType);
            schema["description"] = parameter.Description;
            properties[parameter.Name] = schema;
        }

        var root = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "Slipway build parameters",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonObject TypeSchema(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsArray)
        {
            return new JsonObject { ["type"] = "array", ["items"] = TypeSchema(underlying.GetElementType()!) };
        }

        if (underlying.IsEnum)
        {
            return new JsonObject
            {
                ["type"] = "string",
                ["enum"] = new JsonArray([.. ParameterValueConverter.AllowedNames(underlying).Select(n => JsonValue.Create(n))]),
            };
        }

        var name = underlying switch
        {
            _ when underlying == typeof(bool) => "boolean",
            _ when underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(short) => "integer",
            _ when underlying == typeof(double) || underlying == typeof(decimal) || underlying == typeof(float) => "number",
            _ => "string",
        };
        var schema = new JsonObject { ["type"] = name };
        if (underlying == typeof(AbsolutePath))
        {
            schema["format"] = "path";
        }

        return schema;
    }
}
