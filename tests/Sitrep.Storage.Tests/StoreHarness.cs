using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Sitrep.Storage.Tests;

/// <summary>One empty database for one test, and a way to query it behind the store's back.</summary>
public interface IStoreHarness : IDisposable
{
    IEventStore Open();

    long Count(string sql);

    string? Scalar(string sql);
}

internal sealed class SqliteHarness : IStoreHarness
{
    private readonly TempDb _db = new();

    public IEventStore Open() => new SqliteEventStore(_db.Path);

    public long Count(string sql) => TestData.Count(_db.Path, sql);

    public string? Scalar(string sql) => TestData.Scalar(_db.Path, sql);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _db.Dispose();
    }
}

/// <summary>A private schema in the PostgreSQL database named by $SITREP_TEST_POSTGRES, dropped afterwards.</summary>
internal sealed class PostgresHarness : IStoreHarness
{
    private readonly string _baseConnectionString;
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

    public PostgresHarness()
    {
        _baseConnectionString = PostgresTestServer.ConnectionString
            ?? throw new InvalidOperationException(
                $"{PostgresTestServer.Variable} is not set: the PostgreSQL store tests need a server (.ci/run starts one).");
        Run($"CREATE SCHEMA {_schema}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_baseConnectionString) { SearchPath = _schema }.ConnectionString;
    }

    public string ConnectionString { get; }

    public IEventStore Open() => new PostgresEventStore(ConnectionString);

    public long Count(string sql) => Convert.ToInt64(Query(sql), CultureInfo.InvariantCulture);

    public string? Scalar(string sql) => Query(sql) is { } v and not DBNull ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Run($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
    }

    private object? Query(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    private void Run(string sql)
    {
        using var connection = new NpgsqlConnection(_baseConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

public static class PostgresTestServer
{
    public const string Variable = "SITREP_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : null;

    /// <summary>
    /// Why PostgreSQL tests are skipped, or null when they run. Under CI (CI=true) they always run,
    /// so a missing server fails them instead of hiding them.
    /// </summary>
    public static string? SkipReason =>
        ConnectionString is not null || IsCi ? null
        : $"{Variable} is not set (outside CI the PostgreSQL store tests are skipped; .ci/run starts a server and sets it)";

    private static bool IsCi => Environment.GetEnvironmentVariable("CI") is { } ci &&
                                (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");
}

/// <summary>Marks a test class whose tests need the PostgreSQL server.</summary>
public interface INeedsPostgres;

/// <summary>A fact that is skipped, outside CI only, in <see cref="INeedsPostgres"/> classes when no server is configured.</summary>
[XunitTestCaseDiscoverer("Sitrep.Storage.Tests.StoreFactDiscoverer", "Sitrep.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        bool needsPostgres = typeof(INeedsPostgres).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType());
        if (needsPostgres && PostgresTestServer.SkipReason is { } reason)
            return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, reason)];
        return [new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)];
    }
}
