using System.Diagnostics;
using System.Text;

namespace SomaMemory.IntegrationTests.Support;

/// <summary>
/// The silo executable running as a process of its own, as a silo pod does, so that tests can prove that a
/// separate gateway and further silos find it through the membership table in Postgres.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private SiloProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static SiloProcess Start(string connectionString, string clusterId, int siloPort, int gatewayPort)
    {
        var start = new ProcessStartInfo("dotnet", [SiloAssemblyPath()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["SOMA_POSTGRES"] = connectionString;
        start.Environment["Soma__Cluster__ClusterId"] = clusterId;
        start.Environment["Soma__Silo__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Soma__Silo__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return new SiloProcess(Process.Start(start) ?? throw new InvalidOperationException("The silo process did not start."));
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            // SIGTERM lets the silo leave the cluster cleanly, which is what Kubernetes does too.
            using var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    /// <summary>The silo's build output beside this test's, in the same configuration (Debug or Release).</summary>
    private static string SiloAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name; // net10.0
        var configuration = testOutput.Parent!.Name; // Debug or Release
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SomaMemory.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("SomaMemory.sln not found above the test output."),
            "silo", "SomaMemory.Silo", "bin", configuration, framework, "SomaMemory.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the silo project first.", path);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
