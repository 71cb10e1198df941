/* NULL loops, handles and callbacks given to the functions that return an
 * error code: each answers UV_EINVAL (libuv crashes on most of them). NULL
 * callbacks libuv accepts (uv_async_init's, uv_queue_work's after_work_cb)
 * are accepted; state queries answer 0. */
#include "misuse.h"

static void timer_cb(uv_timer_t* h) { (void) h; }
static void idle_cb(uv_idle_t* h) { (void) h; }
static void prepare_cb(uv_prepare_t* h) { (void) h; }
static void check_cb(uv_check_t* h) { (void) h; }
static void async_cb(uv_async_t* h) { (void) h; }
static void work_cb(uv_work_t* req) { (void) req; }
static void after_cb(uv_work_t* req, int status) {
  (void) req;
  (void) status;
}

int main(void) {
  uv_loop_t loop;
  uv_timer_t timer;
  uv_idle_t idle;
  uv_prepare_t prepare;
  uv_check_t check;
  uv_async_t async;
  uv_work_t work;
  int fd = 0;
  int value = 0;

  T("-- NULL loop");
  R("uv_loop_init", uv_loop_init(NULL));
  R("uv_loop_close", uv_loop_close(NULL));
  R("uv_run DEFAULT", uv_run(NULL, UV_RUN_DEFAULT));
  R("uv_run ONCE", uv_run(NULL, UV_RUN_ONCE));
  R("uv_run NOWAIT", uv_run(NULL, UV_RUN_NOWAIT));
  R("uv_loop_configure", uv_loop_configure(NULL, UV_METRICS_IDLE_TIME));
  R("uv_backend_fd", uv_backend_fd(NULL));
  R("uv_backend_timeout", uv_backend_timeout(NULL));
  R("uv_timer_init", uv_timer_init(NULL, &timer));
  R("uv_idle_init", uv_idle_init(NULL, &idle));
  R("uv_prepare_init", uv_prepare_init(NULL, &prepare));
  R("uv_check_init", uv_check_init(NULL, &check));
  R("uv_async_init", uv_async_init(NULL, &async, async_cb));
  R("uv_queue_work", uv_queue_work(NULL, &work, work_cb, after_cb));
  T("uv_loop_alive: %d", uv_loop_alive(NULL));

  CHECK(0 == uv_loop_init(&loop));

  T("-- NULL handle or request");
  R("uv_timer_init", uv_timer_init(&loop, NULL));
  R("uv_timer_start", uv_timer_start(NULL, timer_cb, 1, 0));
  R("uv_timer_stop", uv_timer_stop(NULL));
  R("uv_timer_again", uv_timer_again(NULL));
  R("uv_idle_init", uv_idle_init(&loop, NULL));
  R("uv_idle_start", uv_idle_start(NULL, idle_cb));
  R("uv_idle_stop", uv_idle_stop(NULL));
  R("uv_prepare_init", uv_prepare_init(&loop, NULL));
  R("uv_prepare_start", uv_prepare_start(NULL, prepare_cb));
  R("uv_prepare_stop", uv_prepare_stop(NULL));
  R("uv_check_init", uv_check_init(&loop, NULL));
  R("uv_check_start", uv_check_start(NULL, check_cb));
  R("uv_check_stop", uv_check_stop(NULL));
  R("uv_async_init", uv_async_init(&loop, NULL, async_cb));
  R("uv_async_send", uv_async_send(NULL));
  R("uv_queue_work", uv_queue_work(&loop, NULL, work_cb, after_cb));
  R("uv_cancel", uv_cancel(NULL));
  R("uv_fileno", uv_fileno(NULL, &fd));
  R("uv_send_buffer_size", uv_send_buffer_size(NULL, &value));
  R("uv_recv_buffer_size", uv_recv_buffer_size(NULL, &value));
  T("uv_is_active: %d", uv_is_active(NULL));
  T("uv_is_closing: %d", uv_is_closing(NULL));
  T("uv_has_ref: %d", uv_has_ref(NULL));

  T("-- NULL callback or out-pointer");
  CHECK(0 == uv_timer_init(&loop, &timer));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_prepare_init(&loop, &prepare));
  CHECK(0 == uv_check_init(&loop, &check));
  R("uv_timer_start", uv_timer_start(&timer, NULL, 1, 0));
  R("uv_idle_start", uv_idle_start(&idle, NULL));
  R("uv_prepare_start", uv_prepare_start(&prepare, NULL));
  R("uv_check_start", uv_check_start(&check, NULL));
  R("uv_queue_work without work_cb", uv_queue_work(&loop, &work, NULL, after_cb));
  R("uv_send_buffer_size", uv_send_buffer_size((uv_handle_t*) &timer, NULL));
  R("uv_recv_buffer_size", uv_recv_buffer_size((uv_handle_t*) &timer, NULL));
  T("nothing started: %s", yesno(!uv_is_active((uv_handle_t*) &timer) &&
                                  !uv_is_active((uv_handle_t*) &idle) &&
                                  !uv_is_active((uv_handle_t*) &prepare) &&
                                  !uv_is_active((uv_handle_t*) &check) &&
                                  !uv_loop_alive(&loop)));
  R("uv_async_init without callback", uv_async_init(&loop, &async, NULL));
  R("uv_async_send", uv_async_send(&async));
  R("uv_queue_work without after_work_cb", uv_queue_work(&loop, &work, work_cb, NULL));
  R("uv_run NOWAIT", uv_run(&loop, UV_RUN_NOWAIT));

  finish_loop(&loop);
  return 0;
}
