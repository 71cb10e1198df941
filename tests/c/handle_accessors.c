/* Accessors and public fields: uv_handle_get_type / get_data / set_data /
 * get_loop, the handle->data / loop / type fields, uv_req_get_type /
 * get_data / set_data, uv_loop_get_data / set_data and loop->data (which
 * uv_loop_init leaves as it was). Data
 * pointers are compared, never printed. */
#include "common.h"

static int marker_a, marker_b, marker_c;

static void after_cb(uv_work_t* req, int status) {
  T("after_work: req data is marker_c: %s, status %s",
    yesno(uv_req_get_data((uv_req_t*) req) == &marker_c), ename(status));
}

static void work_cb(uv_work_t* req) { (void) req; }

static void walk_cb(uv_handle_t* h, void* arg) {
  T("walk: %s data==marker_b %s arg==marker_a %s", uv_handle_type_name(uv_handle_get_type(h)),
    yesno(uv_handle_get_data(h) == &marker_b), yesno(arg == &marker_a));
}

int main(void) {
  uv_loop_t loop;
  uv_timer_t timer;
  uv_idle_t idle;
  uv_async_t async;
  uv_work_t req;

  loop.data = &marker_c;
  CHECK(0 == uv_loop_init(&loop));
  T("uv_loop_init keeps loop->data: field %s, get %s",
    yesno(loop.data == &marker_c), yesno(uv_loop_get_data(&loop) == &marker_c));
  uv_loop_set_data(&loop, &marker_a);
  T("loop set_data: field %s, get %s", yesno(loop.data == &marker_a),
    yesno(uv_loop_get_data(&loop) == &marker_a));
  loop.data = &marker_b;
  T("loop field write: get %s", yesno(uv_loop_get_data(&loop) == &marker_b));

  timer.data = &marker_c;
  CHECK(0 == uv_timer_init(&loop, &timer));
  T("timer init keeps data: %s", yesno(timer.data == &marker_c));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_async_init(&loop, &async, NULL));
  T("timer: get_type %s (%d), field type %s, get_loop %s, field loop %s",
    uv_handle_type_name(uv_handle_get_type((uv_handle_t*) &timer)),
    (int) uv_handle_get_type((uv_handle_t*) &timer),
    yesno(timer.type == UV_TIMER),
    yesno(uv_handle_get_loop((uv_handle_t*) &timer) == &loop),
    yesno(timer.loop == &loop));
  T("idle: get_type %s, async: get_type %s",
    uv_handle_type_name(uv_handle_get_type((uv_handle_t*) &idle)),
    uv_handle_type_name(uv_handle_get_type((uv_handle_t*) &async)));
  uv_handle_set_data((uv_handle_t*) &timer, &marker_b);
  uv_handle_set_data((uv_handle_t*) &idle, &marker_b);
  uv_handle_set_data((uv_handle_t*) &async, &marker_b);
  T("handle set_data: field %s, get %s", yesno(timer.data == &marker_b),
    yesno(uv_handle_get_data((uv_handle_t*) &timer) == &marker_b));
  uv_walk(&loop, walk_cb, &marker_a);
  idle.data = NULL;
  T("handle field write NULL: get NULL %s",
    yesno(uv_handle_get_data((uv_handle_t*) &idle) == NULL));

  req.data = &marker_a;
  CHECK(0 == uv_queue_work(&loop, &req, work_cb, after_cb));
  T("work req: get_type %s (%d), data kept by queue_work %s",
    uv_req_type_name(uv_req_get_type((uv_req_t*) &req)),
    (int) uv_req_get_type((uv_req_t*) &req),
    yesno(uv_req_get_data((uv_req_t*) &req) == &marker_a));
  uv_req_set_data((uv_req_t*) &req, &marker_c);
  T("req set_data: field %s", yesno(req.data == &marker_c));
  uv_unref((uv_handle_t*) &async);
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("loop data survives run: %s", yesno(uv_loop_get_data(&loop) == &marker_b));

  uv_close((uv_handle_t*) &timer, NULL);
  uv_close((uv_handle_t*) &idle, NULL);
  uv_close((uv_handle_t*) &async, NULL);
  T("closing handle keeps type and data: %s",
    yesno(timer.type == UV_TIMER && timer.data == &marker_b));
  finish_loop(&loop);
  return 0;
}
