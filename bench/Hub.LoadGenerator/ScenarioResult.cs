using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HubFramework.LoadGenerator;

/// <summary>One run's figures, in the order they were added: a JSON line for machines, a short line for people.</summary>
internal sealed class ScenarioResult
{
    private readonly List<KeyValuePair<string, object?>> _fields = [];

    public ScenarioResult(LoadOptions options)
    {
        Set("label", options.Label);
        Set("scenario", options.Scenario);
        Set("connections", options.Connections);
        Set("utc", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
    }

    public ScenarioResult Set(string name, object? value)
    {
        var at = _fields.FindIndex(f => f.Key == name);
        if (at >= 0)
        {
            _fields[at] = new(name, value);
        }
        else
        {
            _fields.Add(new(name, value));
        }

        return this;
    }

    /// <summary>Adds what every scenario reports about its measured window.</summary>
    public ScenarioResult SetWindow(MeasurementWindow window)
    {
        Set("measured_s", Math.Round(window.Seconds, 3));
        Set("server_cpu_s", window.ServerCpuSeconds is { } cpu ? Math.Round(cpu, 2) : null);
        Set("generator_cpu_s", Math.Round(window.GeneratorCpuSeconds, 2));
        Set("other_cpu_s", window.OtherCpuSeconds is { } other ? Math.Round(other, 2) : null);
        Set("server_rss_start_mb", Megabytes(window.Start.ServerResidentBytes));
        Set("server_rss_end_mb", Megabytes(window.End.ServerResidentBytes));
        return this;
    }

    public ScenarioResult SetConnections(ConnectionSet set)
    {
        Set("dropped", set.Dropped);
        if (set.FirstFailure is not null)
        {
            Set("first_failure", set.FirstFailure);
        }

        return this;
    }

    public static double? Megabytes(long? bytes) => bytes is { } b ? Math.Round(b / 1048576.0, 1) : null;

    public string ToJsonLine()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in _fields)
            {
                writer.WritePropertyName(name);
                JsonSerializer.Serialize(writer, value, value?.GetType() ?? typeof(object));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public string ToHumanLine()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in _fields)
        {
            if (name != "utc")
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}={value ?? "-"}  ");
            }
        }

        return text.ToString().TrimEnd();
    }
}
