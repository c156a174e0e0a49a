/* main.c - flscan's entry point; everything else lives in the flscan_core library. */
#include "cli.h"

int main(int argc, char **argv)
{
    return fl_cli_main(argc, argv);
}
