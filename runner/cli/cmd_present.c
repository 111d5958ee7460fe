/*
 * `workbook present [--replay]`: the workbook's screens, opened in presentation mode
 * (ui_present.c). --replay shows the recorded runs of assets/replay/ instead of live
 * ones, so that a demo on a busy laptop still shows the textbook picture.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "ui.h"
#include "ui_catalog.h"
#include "ui_present.h"
#include "verb.h"

/* The catalog, to return to, under presentation mode. */
static void open_live(void)
{
    ui_catalog_open();
    ui_present_open(false);
}

static void open_replay(void)
{
    ui_catalog_open();
    ui_present_open(true);
}

static int cmd_present(app *a, int argc, char **argv)
{
    bool replay = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--replay") == 0) {
            replay = true;
        } else {
            verb_print_usage(&verb_present, stderr);
            return EXIT_USAGE;
        }
    }
    ui_options uo;
    ui_options_from_env(&uo);
    uo.global_keys = ui_present_keys;
    if (!uo.headless && !(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))) {
        fprintf(stderr, "workbook: presentation mode needs a terminal\n");
        return EXIT_USAGE;
    }
    return ui_main(a, &uo, replay ? open_replay : open_live);
}

const verb_entry verb_present = {
    .name = "present",
    .run = cmd_present,
    .usage = "present [--replay]",
    .help = {{"present [--replay]", "presentation mode, for a projector"}},
};
