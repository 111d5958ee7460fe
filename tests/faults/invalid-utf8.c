/*
 * Fault fixture: bytes that are not text. Invalid UTF-8, a NUL, a DEL, a C1 control
 * and raw binary must all reach the screen in a visible, inert form ("\xff", "^@"),
 * never as themselves.
 *
 * check: \xff\xfe
 * check: ^@
 * check-exit: 1
 * run: \xff\xfe
 * run: ^@
 * run-exit: 0
 */
#include <stdio.h>

int main(void)
{
    static const char bytes[] = "bad \xff\xfe utf-8 \xc3\x28 nul \0 del \x7f c1 \xc2\x9b end\n"
                                "binary \x01\x02\x03\x80\x81\xfe\xff\n";

    setvbuf(stdout, NULL, _IOLBF, 0);
    fwrite(bytes, 1, sizeof bytes - 1, stdout);
    for (int i = 0; i < 256; i++)
        putchar(i == '\n' ? ' ' : i);
    putchar('\n');
    return 0;
}
