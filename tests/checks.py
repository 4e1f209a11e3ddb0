"""The pass/fail tally the script tests share (not a test: ctest runs only
tests/test_*.py).  Each check prints a line when it fails; summary() prints
the closing "N passed, N failed" line and returns the exit status."""

passed = failed = 0


def check(name, ok, detail="", sep=": "):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}" + (f"{sep}{detail}" if detail else ""))


def summary():
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1
