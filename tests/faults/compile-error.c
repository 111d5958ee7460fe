/*
 * Fault fixture: a compile error. The name on line 13 was never declared, so the
 * compiler stops; the checker must quote its message with the file, line and column,
 * and the runner must say the build failed.
 *
 * check: compile-error.c:13:12: error:
 * check-exit: 1
 * run: compile-error.c:13:12: error:
 * run-exit: 2
 */
int main(void)
{
    return nosuch;
}
