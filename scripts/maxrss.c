/* Runs a command and writes its peak resident memory (max RSS, KiB) to a file:
 *
 *     maxrss OUT_FILE COMMAND [ARGS...]
 *
 * For scripts/bench-vm.py. Python cannot measure this itself: Linux keeps a process's peak
 * across fork and exec, so anything forked from a Python process reports at least that
 * Python's own size (about 14 MB). Forked from this small program, the command's peak is its
 * own. Exits with the command's status. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: maxrss OUT_FILE COMMAND [ARGS...]\n");
        return 2;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("maxrss: fork");
        return 2;
    }
    if (child == 0) {
        execvp(argv[2], argv + 2);
        perror("maxrss: exec");
        _exit(127);
    }
    int status;
    struct rusage usage;
    if (wait4(child, &status, 0, &usage) < 0) {
        perror("maxrss: wait4");
        return 2;
    }
    FILE *out = fopen(argv[1], "w");
    if (out == NULL) {
        perror("maxrss: output file");
        return 2;
    }
    fprintf(out, "%ld\n", usage.ru_maxrss);
    fclose(out);
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return 128 + WTERMSIG(status);
}
