/*
 * Fault fixture: writing a 1 GB file into the working folder. The file-size limit
 * stops it (SIGXFSZ) long before the disk fills, and the verdict names the limit.
 *
 * check: stopped at its file size limit: a file grew past 16 MiB
 * check-exit: 1
 * run: stopped at its file size limit: a file grew past 64 MiB
 * run-exit: 1
 */
#include <stdio.h>
#include <string.h>

int main(void)
{
    static char block[1 << 20];
    FILE *f = fopen("fault-write-1g.bin", "wb");

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!f) {
        perror("fault-write-1g.bin");
        return 1;
    }
    memset(block, 'z', sizeof block);
    for (int i = 0; i < 1024; i++) {
        if (fwrite(block, 1, sizeof block, f) != sizeof block) {
            perror("fwrite");
            return 1;
        }
    }
    fclose(f);
    puts("wrote 1 GB");
    return 0;
}
