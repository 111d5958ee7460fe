/*
 * Fault fixture: terminal escape sequences. The program clears the screen, moves the
 * cursor, changes colours, sets the window title, rings the bell and rewrites a line
 * with a carriage return. None of it may act on the runner's terminal: every ESC is
 * shown as "^[" and the runner's output holds no ESC byte from the program.
 *
 * check: ^[[2J
 * check: ^[]0;
 * check-exit: 1
 * run: ^[[2J
 * run: ^[]0;
 * run-exit: 0
 */
#include <stdio.h>

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("\033[2J\033[H clear and home\n");
    printf("\033[10;20H\033[5A\033[3C cursor moves\n");
    printf("\033[1;31mred\033[0m \033[38;5;208morange\033[0m \033[7mreverse\033[0m\n");
    printf("\033]0;a new title\007 window title\n");
    printf("\033]2;another title\033\\ title with ST\n");
    printf("bell \a and erase \b\b and back\rover\n");
    printf("\033[?1049h alternate screen \033[?1049l\n");
    printf("\033c full reset\n");
    return 0;
}
