using System.Text.Json;
using Sitrep.Core;

namespace Sitrep.Cli;

/// <summary>
/// Streams records as JSONL (one per line) or JSON (one object for a single document, an array for
/// several). The JSON form holds back the first record until it knows whether a second one follows.
/// </summary>
internal sealed class RecordOutput : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _jsonl;
    private readonly bool _articleOnly;
    private readonly Utf8JsonWriter _writer;
    private Document? _pending;
    private int _count;

    public RecordOutput(Stream stream, bool jsonl, bool articleOnly)
    {
        _stream = stream;
        _jsonl = jsonl;
        _articleOnly = articleOnly;
        _writer = new Utf8JsonWriter(stream, RecordWriter.CompactOptions with { Indented = !jsonl, SkipValidation = jsonl });
    }

    public void Write(Document doc)
    {
        _count++;
        if (_jsonl)
        {
            RecordWriter.Write(_writer, doc, _articleOnly);
            _writer.Flush();
            _writer.Reset();
            _stream.WriteByte((byte)'\n');
            return;
        }
        if (_count == 1)
        {
            _pending = doc;
            return;
        }
        if (_count == 2)
        {
            _writer.WriteStartArray();
            RecordWriter.Write(_writer, _pending!, _articleOnly);
            _pending = null;
        }
        RecordWriter.Write(_writer, doc, _articleOnly);
        _writer.Flush();
    }

    public void Complete()
    {
        if (!_jsonl)
        {
            if (_count == 0) { _writer.WriteStartArray(); _writer.WriteEndArray(); }
            else if (_count == 1) RecordWriter.Write(_writer, _pending!, _articleOnly);
            else _writer.WriteEndArray();
            _writer.Flush();
            _stream.WriteByte((byte)'\n');
        }
        _stream.Flush();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }
}
