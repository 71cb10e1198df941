/* System facts checked against what the system reports directly:
 * uv_cpu_info has one entry per online processor, each with a model name
 * and nonzero times, freed by uv_free_cpu_info; uv_available_parallelism is
 * the affinity mask's size; uv_get_total_memory is /proc/meminfo's
 * MemTotal, free memory at most that; uv_get_constrained_memory is the
 * cgroup v1 memory limit (0 without one); uv_uptime, uv_loadavg,
 * uv_resident_set_memory and uv_gettimeofday agree with /proc and time(2). */
#include "common.h"

#include <math.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

static unsigned long long meminfo(const char* field) {
  char line[256];
  unsigned long long kb = 0;
  FILE* f = fopen("/proc/meminfo", "r");
  CHECK(f != NULL);
  while (fgets(line, sizeof line, f))
    if (strncmp(line, field, strlen(field)) == 0)
      sscanf(line + strlen(field), "%llu", &kb);
  fclose(f);
  return kb * 1024;
}

static unsigned long long cgroup_v1_limit(void) {
  unsigned long long limit = 0;
  FILE* f = fopen("/sys/fs/cgroup/memory/memory.limit_in_bytes", "r");
  if (f == NULL) return 0;
  if (fscanf(f, "%llu", &limit) != 1) limit = 0;
  fclose(f);
  return limit;
}

static double first_double(const char* path) {
  double d = -1;
  FILE* f = fopen(path, "r");
  CHECK(f != NULL);
  CHECK(1 == fscanf(f, "%lf", &d));
  fclose(f);
  return d;
}

int main(void) {
  uv_loop_t loop;
  uv_cpu_info_t* cpus;
  uv_timeval64_t tv;
  cpu_set_t set;
  double up, avg[3], proc_avg;
  size_t rss;
  long statm_size, statm_rss;
  int count, i, models_ok, times_ok, r;
  unsigned long long total, free_mem;
  time_t now;
  FILE* f;

  CHECK(0 == uv_loop_init(&loop));

  r = uv_cpu_info(&cpus, &count);
  models_ok = times_ok = 1;
  for (i = 0; r == 0 && i < count; i++) {
    if (cpus[i].model == NULL || cpus[i].model[0] == '\0') models_ok = 0;
    if (cpus[i].speed < 0) models_ok = 0;
    if (cpus[i].cpu_times.user + cpus[i].cpu_times.sys +
            cpus[i].cpu_times.idle == 0)
      times_ok = 0;
  }
  T("cpu_info -> %s, count is the online processors: %s", ename(r),
    yesno(count == sysconf(_SC_NPROCESSORS_ONLN)));
  T("every model named, speeds not negative: %s", yesno(models_ok));
  T("every processor has time: %s", yesno(times_ok));
  uv_free_cpu_info(cpus, count);

  CHECK(0 == sched_getaffinity(0, sizeof set, &set));
  T("available_parallelism is the affinity count: %s",
    yesno(uv_available_parallelism() == (unsigned) CPU_COUNT(&set)));

  total = uv_get_total_memory();
  free_mem = uv_get_free_memory();
  T("total memory is MemTotal: %s", yesno(total == meminfo("MemTotal:")));
  T("free memory above 0 and at most total: %s",
    yesno(free_mem > 0 && free_mem <= total));
  T("constrained memory is the cgroup v1 limit (or 0): %s",
    yesno(uv_get_constrained_memory() == cgroup_v1_limit()));

  r = uv_uptime(&up);
  T("uptime -> %s, within 5 s of /proc/uptime: %s", ename(r),
    yesno(fabs(up - first_double("/proc/uptime")) < 5));

  avg[0] = avg[1] = avg[2] = -1;
  uv_loadavg(avg);
  proc_avg = first_double("/proc/loadavg");
  T("loadavg not negative: %s, 1-minute figure near /proc/loadavg: %s",
    yesno(avg[0] >= 0 && avg[1] >= 0 && avg[2] >= 0),
    yesno(fabs(avg[0] - proc_avg) < 1));

  r = uv_resident_set_memory(&rss);
  f = fopen("/proc/self/statm", "r");
  CHECK(f != NULL);
  CHECK(2 == fscanf(f, "%ld %ld", &statm_size, &statm_rss));
  fclose(f);
  T("resident_set_memory -> %s, within a factor of 2 of statm's: %s",
    ename(r),
    yesno(rss > 0 && rss / 2 <= (size_t) statm_rss * getpagesize() &&
          (size_t) statm_rss * getpagesize() / 2 <= rss));

  r = uv_gettimeofday(&tv);
  now = time(NULL);
  T("gettimeofday -> %s, within 2 s of time(2): %s, usec in range: %s",
    ename(r), yesno(tv.tv_sec >= now - 2 && tv.tv_sec <= now + 2),
    yesno(tv.tv_usec >= 0 && tv.tv_usec < 1000000));
  T("gettimeofday(NULL) -> %s", ename(uv_gettimeofday(NULL)));

  finish_loop(&loop);
  return 0;
}
