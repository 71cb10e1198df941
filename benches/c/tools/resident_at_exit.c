/* Loaded with LD_PRELOAD by benches/c/resident.sh: when the program exits,
 * prints how many KiB of its libuv.so (ruv's or the system's, whichever the
 * loader chose) are resident, summed over the library's mappings in
 * /proc/self/smaps. Code pages count as resident once any process maps
 * them in, so this is what the library costs the program in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((destructor)) static void report_resident(void) {
  char line[512];
  int in_library = 0;
  long kib = 0;
  FILE* smaps = fopen("/proc/self/smaps", "r");
  if (smaps == NULL)
    return;
  while (fgets(line, sizeof(line), smaps) != NULL) {
    unsigned long start, end;
    /* A mapping's header line starts with its address range; the lines
     * after it, up to the next header, describe it. */
    if (sscanf(line, "%lx-%lx ", &start, &end) == 2)
      in_library = strstr(line, "/libuv.so") != NULL;
    else if (in_library && strncmp(line, "Rss:", 4) == 0)
      kib += strtol(line + 4, NULL, 10);
  }
  fclose(smaps);
  fprintf(stderr, "RESIDENT libuv_kib=%ld\n", kib);
}
