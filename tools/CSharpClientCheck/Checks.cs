namespace PointsDemo.CSharpClientCheck;

/// <summary>Each check's outcome, printed as it is made; the exit code says whether all passed.</summary>
internal sealed class Checks
{
    private int _passed;
    private int _failed;

    public void That(bool holds, string what)
    {
        Console.WriteLine($"{(holds ? "pass" : "FAIL")}  {what}");
        _ = holds ? _passed++ : _failed++;
    }

    public int Report()
    {
        Console.WriteLine($"{_passed} passed, {_failed} failed");
        return _failed == 0 ? 0 : 1;
    }
}
