/* Exit statuses: a child that exits with 3, then one ended by SIGKILL
 * (status 0, term_signal 9), then one with no exit callback. A process
 * handle is active (and keeps the loop alive) while its child runs and
 * inactive by the time the exit callback runs; its pid is the public field. */
#include "process_common.h"

static uv_loop_t* loop;
static uv_process_t proc;
static int round_no;

static void start_round(void);

static void on_close(uv_handle_t* h) {
  T("close_cb: round %d", round_no);
  (void) h;
  start_round();
}

static void on_exit_cb(uv_process_t* p, int64_t status, int term_signal) {
  T("exit_cb: round %d status %lld term_signal %d", round_no, (long long) status, term_signal);
  T("  active %s, handle is ours %s", yesno(uv_is_active((uv_handle_t*) p)), yesno(p == &proc));
  T("  loop alive %s", yesno(uv_loop_alive(loop)));
  uv_close((uv_handle_t*) p, on_close);
}

static void start_round(void) {
  static const char* scripts[] = {"exit 3", "kill -KILL $$", "exit 0"};
  int r;
  round_no++;
  if (round_no > 3) return;
  proc.pid = -1;
  r = spawn_sh(loop, &proc, scripts[round_no - 1], NULL, 0, round_no < 3 ? on_exit_cb : NULL);
  T("spawn round %d (%s): %s", round_no, scripts[round_no - 1], ename(r));
  CHECK(r == 0);
  T("  pid set %s, get_pid matches %s", yesno(proc.pid > 0),
    yesno(uv_process_get_pid(&proc) == proc.pid));
  T("  type %s, active %s, ref %s", uv_handle_type_name(uv_handle_get_type((uv_handle_t*) &proc)),
    yesno(uv_is_active((uv_handle_t*) &proc)), yesno(uv_has_ref((uv_handle_t*) &proc)));
  T("  active_handles %u", loop->active_handles);
}

int main(void) {
  int r;
  loop = uv_default_loop();
  start_round();
  r = uv_run(loop, UV_RUN_DEFAULT);
  /* Round 3 had no exit callback: the loop still waited for the child. */
  T("run: %d", r);
  T("round 3 child gone: active %s, kill 0 %s", yesno(uv_is_active((uv_handle_t*) &proc)),
    ename(uv_kill(proc.pid, 0)));
  uv_close((uv_handle_t*) &proc, NULL);
  finish_loop(loop);
  return 0;
}
