using System.Runtime.CompilerServices;
using CsCheck;

namespace GitOpsBackup.Fuzz;

/// <summary>
/// One thing fuzzed: bytes in (what afl or libFuzzer hands over, a corpus file, or a generated case), its
/// promises checked. A broken promise throws <see cref="FuzzViolation"/>; so does any exception that
/// escapes the code under test (a crash, to afl).
/// </summary>
internal abstract class FuzzTarget
{
    /// <summary>The name on the command line and the corpus folder's name.</summary>
    public abstract string Name { get; }

    /// <summary>Seeded structured inputs: nasty, but close enough to real files to get past the first check.</summary>
    public abstract Gen<byte[]> Inputs { get; }

    /// <summary>
    /// What one case may allocate: linear in the input (a fixed 64 MiB plus 2 KiB per input byte, what a file of
    /// thousands of unknown fields costs), so an amplification (a few bytes of aliases expanding to gigabytes) is caught.
    /// </summary>
    public virtual long MaxAllocatedBytes(int inputLength) => (64L << 20) + (2048L * inputLength);

    /// <summary>Runs one input; throws <see cref="FuzzViolation"/> when a promise is broken.</summary>
    public void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            Check(input);
        }
        catch (Exception ex) when (ex is not FuzzViolation)
        {
            throw new FuzzViolation($"{ex.GetType().Name} escaped: {ex.Message}", ex);
        }
    }

    protected abstract void Check(ReadOnlySpan<byte> input);

    /// <summary>The message is formatted only when the promise is broken: a case of 20,000 findings checks 100,000 promises.</summary>
    protected static void Require(bool promise, [InterpolatedStringHandlerArgument(nameof(promise))] ref BrokenPromise broken)
    {
        if (!promise)
        {
            throw new FuzzViolation(broken.ToString());
        }
    }

    /// <summary>Fresh targets (each holds a loader, which is not thread-safe).</summary>
    public static IReadOnlyList<FuzzTarget> All => [new SpecLoaderTarget(), new NamespaceTarget(), new WebhookTarget()];

    public static FuzzTarget? Named(string name) => All.FirstOrDefault(t => t.Name == name);
}

/// <summary>A promise the fuzzed code broke (or an exception it let escape).</summary>
internal sealed class FuzzViolation : Exception
{
    public FuzzViolation(string message)
        : base(message)
    {
    }

    public FuzzViolation(string message, Exception inner)
        : base(message, inner)
    {
    }

    public FuzzViolation()
    {
    }
}

/// <summary>An interpolated message built only when its promise is false (as Debug.Assert's handler does).</summary>
[InterpolatedStringHandler]
internal ref struct BrokenPromise
{
    private DefaultInterpolatedStringHandler _text;
    private readonly bool _broken;

    public BrokenPromise(int literalLength, int formattedCount, bool promise, out bool shouldAppend)
    {
        _broken = shouldAppend = !promise;
        _text = _broken ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string text) => _text.AppendLiteral(text);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public override string ToString() => _broken ? _text.ToStringAndClear() : "";
}
