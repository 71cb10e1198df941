/* Random changes to timer, idle, prepare and check handles, made from their
 * own callbacks, over many loop passes: starts, stops, uv_timer_again and
 * closes, chosen by a fixed pseudo-random sequence per seed. What ran, in
 * what order, and what each call returned must match libuv 1.44 exactly.
 *
 * Timers all have a timeout of 0 and no repeat, so when they run depends
 * only on the phases, never on the clock: a timer started in a timer
 * callback runs in the same pass, one started elsewhere in the next. Each
 * pass is UV_RUN_NOWAIT. */
#include "common.h"

#define HANDLES 5
#define SEEDS 20
#define ACTIONS 300

static uv_loop_t loop;
static uv_idle_t idles[HANDLES];
static uv_prepare_t prepares[HANDLES];
static uv_check_t checks[HANDLES];
static uv_timer_t timers[HANDLES];
static char names[4][HANDLES][4];
static unsigned long long state;
static int budget;

/* A 64-bit linear congruential generator: the same sequence everywhere. */
static unsigned rnd(unsigned n) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned) (state >> 33) % n;
}

static void act(void);

static void close_cb(uv_handle_t* h) { T("closed %s", (char*) h->data); }
static void idle_cb(uv_idle_t* h) {
  T("idle %s", (char*) h->data);
  act();
}
static void prepare_cb(uv_prepare_t* h) {
  T("prepare %s", (char*) h->data);
  act();
}
static void check_cb(uv_check_t* h) {
  T("check %s", (char*) h->data);
  act();
}
static void timer_cb(uv_timer_t* h) {
  T("timer %s", (char*) h->data);
  act();
}

static int start(int kind, uv_handle_t* h) {
  switch (kind) {
  case 0: return uv_idle_start((uv_idle_t*) h, idle_cb);
  case 1: return uv_prepare_start((uv_prepare_t*) h, prepare_cb);
  case 2: return uv_check_start((uv_check_t*) h, check_cb);
  default: return uv_timer_start((uv_timer_t*) h, timer_cb, 0, 0);
  }
}

static int stop(int kind, uv_handle_t* h) {
  switch (kind) {
  case 0: return uv_idle_stop((uv_idle_t*) h);
  case 1: return uv_prepare_stop((uv_prepare_t*) h);
  case 2: return uv_check_stop((uv_check_t*) h);
  default: return uv_timer_stop((uv_timer_t*) h);
  }
}

static uv_handle_t* handle_of(int kind, int i) {
  switch (kind) {
  case 0: return (uv_handle_t*) &idles[i];
  case 1: return (uv_handle_t*) &prepares[i];
  case 2: return (uv_handle_t*) &checks[i];
  default: return (uv_handle_t*) &timers[i];
  }
}

/* Up to two changes to random handles; once the budget is spent, a stop of
 * the loop instead. */
static void act(void) {
  int n = (int) rnd(3), kind;
  uv_handle_t* h;
  if (--budget <= 0) {
    uv_stop(&loop);
    return;
  }
  while (n-- > 0) {
    kind = (int) rnd(4);
    h = handle_of(kind, (int) rnd(HANDLES));
    if (uv_is_closing(h))
      continue;
    switch (rnd(5)) {
    case 0:
    case 1: T("  start %s: %s", (char*) h->data, ename(start(kind, h))); break;
    case 2:
    case 3: T("  stop %s: %s", (char*) h->data, ename(stop(kind, h))); break;
    default:
      if (rnd(4) == 0) {
        T("  close %s", (char*) h->data);
        uv_close(h, close_cb);
      } else if (kind == 3) {
        T("  again %s: %s", (char*) h->data, ename(uv_timer_again((uv_timer_t*) h)));
      }
    }
  }
}

static void run_seed(unsigned long long seed) {
  int i, pass;
  state = seed;
  budget = ACTIONS;
  CHECK(0 == uv_loop_init(&loop));
  for (i = 0; i < HANDLES; i++) {
    CHECK(0 == uv_idle_init(&loop, &idles[i]));
    CHECK(0 == uv_prepare_init(&loop, &prepares[i]));
    CHECK(0 == uv_check_init(&loop, &checks[i]));
    CHECK(0 == uv_timer_init(&loop, &timers[i]));
    idles[i].data = names[0][i];
    prepares[i].data = names[1][i];
    checks[i].data = names[2][i];
    timers[i].data = names[3][i];
  }
  T("seed %llu", seed);
  act();
  act();
  act();
  for (pass = 0; pass < 40 && budget > 0; pass++) {
    T("run: %d", uv_run(&loop, UV_RUN_NOWAIT));
    if (rnd(2))
      act();
  }
  finish_loop(&loop);
}

int main(void) {
  unsigned long long seed;
  int i;
  for (i = 0; i < HANDLES; i++) {
    snprintf(names[0][i], sizeof names[0][i], "i%d", i);
    snprintf(names[1][i], sizeof names[1][i], "p%d", i);
    snprintf(names[2][i], sizeof names[2][i], "c%d", i);
    snprintf(names[3][i], sizeof names[3][i], "t%d", i);
  }
  for (seed = 1; seed <= SEEDS; seed++)
    run_seed(seed);
  return 0;
}
