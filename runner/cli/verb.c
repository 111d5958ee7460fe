/*
 * What every verb's entry shares: how its usage is printed (the entries themselves are in
 * the cmd_*.c that implement them).
 */
#include "verb.h"

void verb_print_usage(const verb_entry *v, FILE *out)
{
    fprintf(out, "usage: workbook %s\n", v->usage);
}
