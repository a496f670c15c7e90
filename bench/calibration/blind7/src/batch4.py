A = []
def a(q, lang, pos, t, c, text):
    A.append(dict(k=None, lang=lang, pos=pos, t=t, c=c, a=text, q=q))

Q = "트랜잭션 격리 수준(isolation level)의 종류와 각 수준에서 생길 수 있는 이상 현상을 설명해 주세요. MySQL InnoDB와 PostgreSQL의 기본 격리 수준은 무엇이고, 실무에서는 어떤 기준으로 고르시나요?"
a(Q,'ko','backend',4,'normal',"""
표준에는 네 단계가 있습니다. READ UNCOMMITTED는 커밋 안 된 데이터를 읽는 dirty read까지 허용하고, READ COMMITTED는 dirty read는 막지만 같은 행을 두 번 읽으면 값이 달라지는 non-repeatable read와, 같은 조건으로 다시 조회했을 때 행이 생기거나 사라지는 phantom read가 생길 수 있습니다. REPEATABLE READ는 non-repeatable read까지 막고, 표준상으로는 phantom이 남아 있고, SERIALIZABLE은 모두 막아서 직렬로 실행한 것과 같은 결과를 보장합니다.
기본값은 InnoDB가 REPEATABLE READ, PostgreSQL이 READ COMMITTED입니다. 구현 차이도 중요한데, InnoDB의 RR은 일반 SELECT는 MVCC 스냅샷을 읽고, SELECT ... FOR UPDATE 같은 잠금 읽기는 next-key lock, 즉 갭 락까지 잡아서 팬텀을 대부분 막습니다. 대신 갭 락 때문에 데드락이 늘 수 있고요. PostgreSQL의 RR은 스냅샷 격리라 팬텀은 안 보이지만 write skew는 생길 수 있고, 동시에 같은 행을 고치면 serialization 에러를 내서 애플리케이션이 재시도해야 합니다. PostgreSQL SERIALIZABLE은 SSI라서 락으로 막는 게 아니라 충돌을 감지해서 한쪽을 실패시킵니다.
실무에서는 기본값(대부분 READ COMMITTED 수준)을 쓰고, 정합성이 필요한 지점만 명시적으로 처리합니다. 재고 차감 같은 건 UPDATE stock SET qty = qty - 1 WHERE qty > 0 처럼 원자적 쿼리로 하거나 SELECT FOR UPDATE, 또는 버전 컬럼으로 낙관적 락을 겁니다. "당직 의사가 최소 한 명은 있어야 한다" 같은 여러 행에 걸친 불변식이 있으면 SERIALIZABLE을 쓰고 재시도 로직을 같이 넣습니다. 격리 수준을 전역으로 올리면 처리량이 떨어지고 재시도가 늘어나는 게 트레이드오프라서, 필요한 트랜잭션에만 올립니다.
""")
a(Q,'ko','backend',3,'filler_heavy_correct',"""
음, 격리 수준은 READ UNCOMMITTED, READ COMMITTED, REPEATABLE READ, SERIALIZABLE 이렇게 네 개가 있고요. 어, 아래로 갈수록 더 엄격해요. 그러니까 READ UNCOMMITTED는 남이 아직 커밋 안 한 걸 읽는 dirty read가 생기고, READ COMMITTED는 그건 막는데 한 트랜잭션 안에서 같은 걸 두 번 읽으면 중간에 누가 커밋해서 값이 달라질 수 있고, 음, REPEATABLE READ는 그것까지 막는데 표준상으론 팬텀, 그러니까 범위 조회했을 때 새 행이 끼어드는 게 남아 있고. SERIALIZABLE은 다 막고요. 기본값은 MySQL InnoDB가 REPEATABLE READ, Postgres가 READ COMMITTED예요. 뭔가 실무에선 그냥 기본값 쓰고, 재고나 잔액처럼 동시성 문제 생기는 데만 FOR UPDATE나 낙관적 락을 따로 거는 편입니다.
""")
a(Q,'ko','backend',2,'partially_wrong',"""
READ UNCOMMITTED, READ COMMITTED, REPEATABLE READ, SERIALIZABLE 네 단계가 있고, 위에서부터 dirty read, non-repeatable read, phantom read가 차례로 해결됩니다. 수준이 높을수록 정합성은 좋아지지만 동시성이 떨어집니다. 기본값은 MySQL InnoDB와 PostgreSQL 둘 다 REPEATABLE READ이고, 그래서 두 DB는 같은 코드라면 동시성 동작도 같다고 보면 됩니다. 실무에서는 기본값을 쓰되 재고 차감 같은 곳에 SELECT FOR UPDATE를 추가해서 lost update를 막습니다.
""")
a(Q,'ko','backend',1,'confidently_wrong',"""
격리 수준은 높을수록 성능이 좋아집니다. SERIALIZABLE은 트랜잭션을 순서대로 줄 세워서 처리하기 때문에 락 경합이 없어서 가장 빠르고, READ UNCOMMITTED는 매번 커밋 여부를 확인해야 해서 가장 느립니다. dirty read는 REPEATABLE READ에서 발생하는 현상이고, phantom read는 다른 트랜잭션이 행을 삭제해서 데이터가 유실되는 현상을 말합니다. MySQL과 PostgreSQL은 기본이 모두 SERIALIZABLE이라서 보통은 신경 쓸 필요가 없습니다.
""")
a(Q,'ko','backend',1,'restated_question',"""
트랜잭션 격리 수준은 여러 종류가 있고, 각 수준마다 발생할 수 있는 이상 현상이 다릅니다. MySQL InnoDB와 PostgreSQL도 각각 기본 격리 수준이 정해져 있습니다. 실무에서는 서비스 상황에 맞는 기준을 가지고 적절한 격리 수준을 골라야 한다고 생각합니다.
""")
a(Q,'ko','backend',3,'short_precise',"""
READ UNCOMMITTED는 dirty read, READ COMMITTED는 non-repeatable read와 phantom, REPEATABLE READ는 표준상 phantom이 남고 SERIALIZABLE은 전부 막습니다. 기본값은 InnoDB가 REPEATABLE READ, PostgreSQL이 READ COMMITTED이고, 저는 기본값을 쓰되 경합 지점만 FOR UPDATE나 낙관적 락으로, 복합 불변식은 SERIALIZABLE과 재시도로 처리합니다.
""")

Q = "How would you make a payment API idempotent, so that a client retrying after a timeout never charges the customer twice?"
a(Q,'en','backend',4,'normal',"""
The client generates an idempotency key - a UUID per logical payment attempt, not per HTTP request - and sends it in a header, reusing it on every retry. On the server I keep an idempotency table with a unique constraint on (merchant or user, key), storing a hash of the request body, a status and, once finished, the response.
Processing: I insert the key with status "in progress" as the first step. If the insert hits the unique constraint, it's a retry: if the stored request hash differs, return 422 because the key is being reused for a different payment; if it's still in progress, return 409 or ask the client to retry later; if it's completed, return the stored response verbatim, including failures. That insert is what makes concurrent duplicates safe - two requests racing can't both win.
The tricky part is the call to the card processor. I pass our own idempotency key to the PSP too (Stripe, Adyen and most others support one), so even if we retry our side we don't double-charge there. If the PSP call times out, the outcome is unknown, so the payment is marked "pending" and we query the PSP for that reference before ever retrying, plus a reconciliation job for anything stuck. Writing the result and any follow-up events happens in one transaction with an outbox. Keys expire after a retention period, say 24 hours to a few days, which we document so clients know how long retries are safe.
""")
a(Q,'en','backend',3,'other_language',"""
클라이언트가 결제 시도마다 UUID 같은 멱등 키를 만들어 헤더로 보내고, 재시도할 때는 같은 키를 다시 씁니다. 서버는 그 키를 유니크 제약이 걸린 테이블에 "처리 중"으로 먼저 insert하고, 처리가 끝나면 응답을 같이 저장합니다. 같은 키로 다시 들어오면 저장된 응답을 그대로 돌려주고, 키는 같은데 요청 내용이 다르면 에러를 냅니다. 동시에 두 요청이 와도 유니크 제약 때문에 하나만 처리됩니다. PG사 호출에도 멱등 키를 넘기고, 타임아웃으로 결과를 모르면 재결제하지 말고 PG에 상태를 조회해서 확정합니다.
""")
a(Q,'en','backend',2,'normal',"""
I'd have the client send an idempotency key with each payment request, and on the server I'd check if we've seen that key before. If we have, we just return success without charging again. The keys would be stored in Redis with a TTL so the table doesn't grow forever. That way, if the client times out and retries, the second request is recognised as a duplicate.
""")
a(Q,'en','backend',1,'keyword_list',"""
Idempotency key, UUID, Redis, unique constraint, retries, exponential backoff, 409 Conflict, Stripe.
""")
a(Q,'en','backend',1,'confidently_wrong',"""
The cleanest way is to make the endpoint a PUT instead of POST, since HTTP guarantees PUT is idempotent, so the framework will automatically drop duplicate PUT requests. On top of that I'd dedupe on the server by checking whether the same user made a payment with the same amount in the last minute and rejecting the second one. Also the client should retry with exponential backoff so duplicates are less likely to arrive at the same time.
""")
a(Q,'en','backend',3,'short_precise',"""
Client sends a unique Idempotency-Key per payment and reuses it on retries; the server atomically inserts the key under a unique constraint before doing anything, stores the final response, and replays it for repeats (rejecting the same key with a different body). The PSP call carries its own idempotency key, and an unknown outcome after a timeout is resolved by querying the PSP, never by charging again.
""")

Q = "자바스크립트 이벤트 루프에서 마이크로태스크와 매크로태스크는 어떻게 다른가요? console.log, setTimeout(fn, 0), Promise.resolve().then(fn)을 이 순서로 호출하면 출력 순서가 어떻게 되고, 왜 그런가요?"
a(Q,'ko','frontend',4,'filler_heavy_correct',"""
음, 그러니까 자바스크립트는 콜 스택이 하나라서, 지금 실행 중인 코드가 다 끝나야 다음 일을 하거든요. 어, 대기열이 두 종류가 있는데 setTimeout, 이벤트 콜백, 메시지 같은 건 태스크 큐, 흔히 매크로태스크라고 하는 데 들어가고, Promise의 then이나 await 이후 코드, queueMicrotask, MutationObserver 콜백은 마이크로태스크 큐에 들어가요. 
차이는, 음, 이벤트 루프가 태스크를 하나 실행하고 나면, 다음 태스크로 가기 전에 마이크로태스크 큐를 완전히 비운다는 거예요. 마이크로태스크 처리 중에 또 마이크로태스크가 생기면 그것까지 다 비우고요. 그 다음에 브라우저가 필요하면 렌더링하고, 그 다음 태스크로 가요.
그래서 질문 순서대로 하면, 어, console.log가 동기라서 제일 먼저 찍히고, 그다음 현재 스크립트 실행이 끝나면 마이크로태스크인 Promise then이 찍히고, 마지막에 setTimeout 콜백이 찍힙니다. 0ms라고 해도 "최소 0ms 뒤에 태스크로 넣어 줘"라는 뜻이라 즉시 실행이 아니에요. 뭔가 실무에서 주의할 점은, then 안에서 계속 then을 재귀로 만들면 마이크로태스크 큐가 안 비워져서 렌더링이랑 클릭 처리가 멈출 수 있다는 거고요.
""")
a(Q,'ko','frontend',3,'short_precise',"""
출력은 동기 log → Promise.then → setTimeout 순입니다. 이벤트 루프는 태스크(매크로태스크) 하나를 실행한 뒤 다음 태스크로 가기 전에 마이크로태스크 큐(Promise 콜백, queueMicrotask 등)를 전부 비우기 때문에, 0ms 타이머보다 Promise 콜백이 먼저 실행됩니다.
""")
a(Q,'ko','frontend',1,'confidently_wrong',"""
setTimeout이 0ms면 바로 실행되기 때문에 console.log 다음에 setTimeout이 먼저 나오고, Promise는 비동기 처리가 끝나야 하니까 맨 마지막에 출력됩니다. 매크로태스크가 우선순위가 높은 큐고 마이크로태스크는 말 그대로 작은 작업이라 브라우저가 한가할 때 처리하는 낮은 우선순위 큐예요. 그리고 Promise는 별도의 백그라운드 스레드에서 실행되기 때문에 메인 스레드를 막지 않습니다.
""")
a(Q,'ko','frontend',2,'partially_wrong',"""
출력은 console.log, Promise then, setTimeout 순서입니다. 동기 코드가 먼저 다 실행되고, 그다음 마이크로태스크 큐가 매크로태스크 큐보다 먼저 처리되기 때문이에요. Promise 콜백이나 await 이후 코드는 마이크로태스크, setTimeout이나 클릭 이벤트 같은 건 매크로태스크입니다. 다만 마이크로태스크는 한 사이클에 하나씩만 처리되고 그다음 매크로태스크로 넘어가기 때문에, 마이크로태스크가 많이 쌓여도 렌더링이 막히는 일은 없습니다.
""")
a(Q,'ko','frontend',1,'off_topic_fluent',"""
비동기 처리를 깔끔하게 하려면 콜백 대신 async/await를 쓰는 게 좋습니다. 콜백을 중첩하면 콜백 지옥이 생기고 에러 처리가 흩어지는데, async 함수 안에서는 try/catch로 에러를 한곳에서 처리할 수 있습니다. 여러 요청을 동시에 보낼 때는 await를 순서대로 쓰면 직렬로 실행돼 느려지니까 Promise.all로 병렬 처리하고, 일부 실패를 허용해야 하면 Promise.allSettled를 씁니다. 이렇게 하면 코드 가독성과 성능을 둘 다 챙길 수 있습니다.
""")
a(Q,'ko','frontend',3,'other_language',"""
The output is the synchronous log first, then the Promise callback, then the setTimeout callback. setTimeout queues a task (macrotask) for the next turn of the loop, while then() queues a microtask. After the current script - itself a task - finishes and the call stack is empty, the event loop drains the entire microtask queue before it picks up the next task or renders, so the promise callback always runs before even a 0 ms timer.
""")

Q = "Explain how CORS works. When does the browser send a preflight request, and why doesn't CORS protect your API from being called by a script running on another server?"
a(Q,'en','frontend',4,'normal',"""
Browsers apply the same-origin policy: a page from origin A can send requests to origin B, but it can't read B's responses unless B opts in. CORS is that opt-in. The browser adds an Origin header, and the server answers with Access-Control-Allow-Origin - the specific origin or * - plus, for cookies, Access-Control-Allow-Credentials: true, in which case the origin can't be a wildcard. If the headers don't match, the browser hides the response from the JavaScript; the request itself may well have reached the server.
A preflight is an OPTIONS request the browser sends first when the request isn't a "simple" one: a method other than GET, HEAD or POST, custom headers such as Authorization or X-Request-Id, or a Content-Type other than form-urlencoded, multipart/form-data or text/plain - so an ordinary JSON POST is preflighted. The server has to reply with the allowed methods and headers, and Access-Control-Max-Age lets the browser cache that answer so you don't pay an extra round trip on every call.
It doesn't protect the API from other servers because it's enforced by the browser, for the browser's user. curl, a Python script or a backend just ignore it and can call your API directly. What CORS protects is the user: it stops evil.com from reading your API's responses using the victim's cookies. So access control still has to be authentication and authorisation on the server, and since simple cross-site requests are still sent, CSRF needs its own defence - SameSite cookies or CSRF tokens.
""")
a(Q,'en','frontend',1,'confidently_wrong',"""
CORS is a server-side firewall: when a request comes from an origin that isn't in the Access-Control-Allow-Origin list, the server rejects it before it reaches your code, so it's the main protection against unauthorised clients. The preflight is sent for every cross-origin request, including simple GETs, to check whether the user is logged in. If you want to block other servers from calling your API, you just configure CORS to allow only your own domain.
""")
a(Q,'en','frontend',2,'partially_wrong',"""
The browser sends an Origin header and the server responds with Access-Control-Allow-Origin; if it doesn't allow that origin, the browser blocks the page from reading the response. It's enforced by the browser, which is why a script on another server - curl, a backend - isn't affected at all, so you still need proper authentication. A preflight OPTIONS request is only sent for PUT and DELETE requests; GET and POST are always simple requests, whatever headers or content type they use.
""")
a(Q,'en','frontend',3,'short_precise',"""
CORS is the browser relaxing the same-origin policy when the server returns matching Access-Control-Allow-* headers; non-simple requests (other methods, custom headers like Authorization, JSON content type) get an OPTIONS preflight first. Because the browser is the one enforcing it, servers and tools like curl ignore it entirely - it protects users' browsers from cross-site reads, not your API, which still needs auth.
""")
a(Q,'en','frontend',1,'restated_question',"""
CORS is how the browser handles cross-origin requests. There are situations where the browser sends a preflight request, and CORS has limits, so it doesn't protect your API from being called by scripts running on other servers. That's why you need to understand how CORS works and when preflights are sent.
""")
a(Q,'en','frontend',3,'filler_heavy_correct',"""
So, um, basically the browser won't let a page read a response from a different origin unless that server says it's okay, with the Access-Control-Allow-Origin header, right. Preflight is, like, an OPTIONS request the browser sends first when it's not a simple request - so if you send JSON, or an Authorization header, or a PUT or DELETE, it asks first. And, uh, the thing people get wrong is it's the browser enforcing it, not the server. So another server, or curl, you know, just doesn't care about CORS - it'll call your API anyway. So you still need real auth on the API.
""")

Q = "안드로이드에서 화면 회전 같은 구성 변경(configuration change)이 일어나면 Activity에 어떤 일이 생기나요? 사용자가 입력하던 상태를 잃지 않으려면 어떻게 하시나요? 프로세스가 종료되는 경우도 포함해서 말씀해 주세요."
a(Q,'ko','mobile',4,'normal',"""
기본 동작은 Activity를 파괴하고 새 구성(방향, 언어, 다크 모드 등)에 맞는 리소스로 다시 만드는 겁니다. onPause, onStop, onDestroy가 불리고 새 인스턴스에서 onCreate부터 다시 시작하니까, Activity 필드에 들고 있던 값은 다 사라집니다.
그래서 상태를 수명에 따라 나눠서 둡니다. 화면 데이터와 진행 중인 작업은 ViewModel에 둡니다. ViewModel은 구성 변경을 넘어 살아남기 때문에 회전해도 네트워크 요청을 다시 안 해도 되고요. 하지만 백그라운드에 있다가 메모리 부족으로 프로세스가 죽으면 ViewModel도 같이 사라집니다. 사용자가 돌아오면 시스템은 마지막 화면을 복원하려고 하는데, 이때 살아남는 건 saved instance state, 즉 Bundle뿐입니다. 그래서 입력 중인 텍스트, 선택한 탭, 스크롤 위치, 조회 중인 항목 ID처럼 작은 UI 상태는 ViewModel의 SavedStateHandle이나 Compose의 rememberSaveable에 넣습니다. Bundle은 바인더 트랜잭션 크기 제한 때문에 크게 넣으면 TransactionTooLargeException이 나니까 ID만 저장하고 데이터는 다시 불러옵니다. 임시 저장 글처럼 잃으면 안 되는 건 Room이나 DataStore에 바로 씁니다.
android:configChanges로 직접 처리하는 방법도 있지만 리소스 갱신을 다 수동으로 해야 해서, 동영상 플레이어 같은 특수한 경우 외엔 안 씁니다. 검증은 개발자 옵션의 "활동 유지 안 함"이나 adb로 백그라운드 프로세스를 죽여 보면서 합니다.
""")
a(Q,'ko','mobile',2,'partially_wrong',"""
화면이 회전하면 Activity가 destroy되고 다시 create됩니다. 그래서 Activity에 상태를 두면 날아가니까, 저는 상태를 전부 ViewModel에 둡니다. ViewModel은 Activity보다 오래 살아서 회전해도 유지되고, 시스템이 메모리 때문에 백그라운드 앱의 프로세스를 종료했다가 사용자가 돌아와도 ViewModel이 복원되기 때문에, 따로 onSaveInstanceState를 쓸 필요는 없습니다. Compose에서는 remember로 감싸면 회전에도 값이 유지되고요.
""")
a(Q,'ko','mobile',1,'keyword_list',"""
onCreate, onDestroy, ViewModel, onSaveInstanceState, Bundle, SavedStateHandle, rememberSaveable, configChanges.
""")
a(Q,'ko','mobile',3,'other_language',"""
By default the Activity is destroyed and recreated with the new configuration, so anything held in the Activity is lost. I keep screen data in a ViewModel, which survives configuration changes but not process death. For process death, small UI state - text being typed, selected item ID, scroll position - goes into SavedStateHandle or rememberSaveable, which is persisted in the saved-instance Bundle and restored when the user comes back. Anything large or important, like a draft, I write to Room or DataStore, because the Bundle has a size limit.
""")
a(Q,'ko','mobile',1,'confidently_wrong',"""
화면 회전 시에는 Activity가 onPause와 onResume만 다시 호출되고 인스턴스는 그대로 유지됩니다. 그래서 Activity의 멤버 변수는 그대로 남아 있어서 별도 처리가 필요 없고요. 프로세스가 종료되는 경우에는 안드로이드가 힙 메모리를 디스크에 스왑해 뒀다가 다시 불러오기 때문에 앱 상태가 그대로 돌아옵니다. 그래서 상태 보존은 사실 OS가 알아서 해 주는 부분입니다.
""")
a(Q,'ko','mobile',3,'short_precise',"""
구성 변경이 일어나면 Activity는 파괴 후 재생성됩니다. 화면 데이터는 구성 변경을 견디는 ViewModel에 두고, 프로세스 종료까지 견뎌야 하는 입력값·선택 ID 같은 작은 상태는 SavedStateHandle이나 rememberSaveable로 Bundle에 저장하며, 큰 데이터나 초안은 DB에 저장합니다.
""")

Q = "In iOS development, what is a retain cycle? How does it typically happen with closures or delegates, and how do you find and fix one?"
a(Q,'en','mobile',4,'other_language',"""
Swift는 ARC로 메모리를 관리해서, 객체를 강하게 참조하는 수가 0이 되면 해제됩니다. 리테인 사이클은 두 객체가 서로를 강하게 참조해서 카운트가 절대 0이 안 되는 상황이고, 그래서 화면을 닫아도 뷰 컨트롤러가 해제되지 않는 메모리 누수가 생깁니다.
가장 흔한 경우는 클로저입니다. 뷰 컨트롤러가 뷰모델을 갖고 있고, 뷰모델의 onUpdate 같은 클로저 프로퍼티에 self를 쓰는 클로저를 저장하면, 클로저가 self를 강하게 캡처해서 VC → 뷰모델 → 클로저 → VC 고리가 생깁니다. Combine에서 sink 안에서 self를 쓰고 그 구독을 self의 cancellables에 저장하는 것도 같은 구조고, 블록 기반 Timer나 NotificationCenter 옵저버도 자주 원인이 됩니다. 반대로 UIView.animate나 map처럼 바로 실행되고 저장되지 않는 non-escaping 클로저는 사이클을 만들지 않아서 weak가 필요 없습니다.
델리게이트는 자식이 부모를 델리게이트로 참조하는 구조라, delegate 프로퍼티를 weak var로 선언해야 하고 그러려면 프로토콜을 AnyObject로 제한합니다.
고치는 방법은 캡처 리스트로 [weak self]를 쓰고 guard let self로 푸는 게 기본이고, self가 반드시 클로저보다 오래 산다는 게 보장될 때만 unowned를 씁니다. unowned는 틀리면 크래시라서요. 찾을 때는 deinit에 로그를 찍어서 화면을 닫았는데 안 찍히는지 보고, Xcode Memory Graph Debugger로 어떤 참조가 고리를 만드는지 확인하고, Instruments의 Leaks나 Allocations로 반복 진입 시 인스턴스 수가 늘어나는지 봅니다. 중요한 화면은 테스트에서 weak 참조를 잡아 두고 닫은 뒤 nil인지 확인하기도 합니다.
""")
a(Q,'en','mobile',3,'short_precise',"""
Two objects holding strong references to each other so ARC never frees them - typically a view controller storing a closure (or a Combine subscription) that captures self strongly, or a delegate property that isn't weak. Fix with [weak self] (or unowned when lifetimes are guaranteed) and weak delegates; find them with missing deinit calls, Xcode's Memory Graph Debugger and Instruments Leaks.
""")
a(Q,'en','mobile',1,'confidently_wrong',"""
A retain cycle is when a closure is called repeatedly in a loop and retains memory each time, like an infinite recursion. Swift's garbage collector normally detects cycles and frees them, but only when the app goes to the background, so you see memory spikes while the app is active. The fix is to always mark every closure with [unowned self], because unowned is faster than weak and never crashes, and to declare delegates as strong so they aren't deallocated too early.
""")
a(Q,'en','mobile',2,'partially_wrong',"""
It's when two objects reference each other strongly, so ARC can never release them, which leaks memory. With closures it happens when self stores a closure that captures self; with delegates when the delegate property is strong. I fix closures with [weak self], delegates with weak var, and I check with the Memory Graph Debugger. To be safe I add [weak self] to every closure that mentions self, including DispatchQueue.main.async and UIView.animate blocks, because those also create permanent retain cycles if you don't.
""")
a(Q,'en','mobile',1,'off_topic_fluent',"""
Memory on iOS is mostly about not loading too much at once. For image-heavy screens I downsample images to the display size with ImageIO instead of loading full-resolution UIImages, reuse cells in collection views, and cache thumbnails with NSCache, which automatically evicts under memory pressure. I also respond to didReceiveMemoryWarning by clearing caches. With those practices, our app's peak memory dropped significantly and we avoided being killed by the system.
""")
a(Q,'en','mobile',3,'filler_heavy_correct',"""
Um, so ARC frees an object when nothing holds a strong reference to it, and a retain cycle is when, like, A holds B strongly and B holds A, so neither ever goes away. The classic one is, you know, a view controller has a view model, and the view model has a completion closure property that uses self, so the closure keeps the VC alive. Or a delegate that's not weak. Fix is [weak self] in the closure, weak delegates. And to find them, um, I put a print in deinit and if closing the screen doesn't print it, I open the memory graph debugger in Xcode and it basically shows you the cycle.
""")

Q = "사기 거래처럼 양성 클래스가 0.5%밖에 안 되는 불균형 데이터로 분류 모델을 만든다면, 어떻게 학습하고 어떤 지표로 평가하시겠어요?"
a(Q,'ko','data_ai',4,'normal',"""
먼저 평가부터 정합니다. 전부 정상이라고 찍어도 정확도가 99.5%라서 accuracy는 의미가 없고, 양성 클래스 기준의 precision, recall과 임계값 전체를 요약하는 PR-AUC(average precision)를 주 지표로 봅니다. ROC-AUC는 음성이 압도적으로 많으면 FPR이 작게 나와서 좋아 보이기 쉬워서 보조로만 씁니다. 그리고 실제 운영 질문은 "검수팀이 하루 500건 볼 수 있을 때 상위 500건 중 사기가 몇 건이냐" 같은 거라서, precision@k나 놓친 사기 금액처럼 비즈니스 비용과 연결된 지표를 같이 둡니다.
데이터 분할은 사기 패턴이 시간에 따라 바뀌고 같은 카드가 여러 번 나오니까 랜덤이 아니라 시간 기준으로 나눠서 미래를 예측하는 상황을 재현합니다. 학습에서는 LightGBM 같은 모델에 scale_pos_weight나 클래스 가중치를 주는 게 가장 간단하고, 오버샘플링(SMOTE)이나 언더샘플링을 한다면 반드시 분할 후 학습 세트에만 적용합니다. 분할 전에 하면 검증 세트에 합성 샘플 정보가 새어 들어가서 점수가 부풀려집니다.
마지막으로 임계값은 0.5로 두지 않고 검증 세트에서 FN 비용과 FP 비용, 검수 인력을 고려해 정합니다. 리샘플링이나 가중치를 쓰면 예측 확률이 실제 사기 확률과 어긋나니까, 점수를 확률로 써야 하면 보정(calibration)을 따로 합니다.
""")
a(Q,'ko','data_ai',3,'filler_heavy_correct',"""
어, 일단 정확도는 못 써요. 그냥 다 정상이라고 해도 99.5%니까요. 그래서 음, 사기 클래스 기준 precision이랑 recall, 그리고 PR 커브 아래 면적 같은 걸 봅니다. 학습은, 그러니까 클래스 가중치를 줘서 사기 샘플을 틀리면 더 크게 벌점 받게 하거나, 언더샘플링을 하는데, 뭔가 중요한 건 샘플링을 학습 데이터에만 해야 한다는 거예요. 검증 데이터는 실제 비율 그대로 둬야 점수가 현실적이고요. 음, 그리고 임계값은 0.5 고정 말고, 사기 놓쳤을 때 손해랑 정상 거래 막았을 때 손해 따져서 조정합니다.
""")
a(Q,'ko','data_ai',2,'partially_wrong',"""
accuracy는 의미가 없으니 precision, recall, F1, PR-AUC로 평가하고, 임계값은 비즈니스 비용을 보고 조정하겠습니다. 학습 쪽은 클래스 불균형을 먼저 해결해야 해서, 전체 데이터에 SMOTE를 적용해 양성과 음성을 50:50으로 맞춘 다음에 학습/검증/테스트로 나누겠습니다. 그래야 검증과 테스트 세트에도 사기 샘플이 충분히 있어서 지표가 안정적으로 나옵니다.
""")
a(Q,'ko','data_ai',1,'keyword_list',"""
SMOTE, 언더샘플링, 오버샘플링, class_weight, F1 score, ROC-AUC, PR-AUC, XGBoost, 이상 탐지.
""")
a(Q,'ko','data_ai',1,'confidently_wrong',"""
불균형 데이터에서는 ROC-AUC가 클래스 비율에 가장 민감하기 때문에 PR-AUC는 쓰면 안 되고 ROC-AUC만 보면 됩니다. 그리고 모델의 정확도가 99.5%보다 높게 나오면 성공적으로 학습된 거라고 판단할 수 있습니다. 학습할 때는 사기 데이터가 적으니까 recall보다 precision을 먼저 올리는 게 사기를 더 많이 잡는 방법이고, 임계값은 0.5를 그대로 쓰는 게 표준입니다.
""")
a(Q,'ko','data_ai',2,'normal',"""
사기 데이터가 적으니까 클래스 가중치를 주고 학습하고, 평가는 정확도 말고 F1 스코어로 보겠습니다. 아니면 양성 샘플을 오버샘플링해서 비율을 맞추는 방법도 쓸 수 있습니다. 모델은 트리 기반 모델이 이런 정형 데이터에 잘 맞아서 XGBoost 정도로 시작할 것 같습니다.
""")

Q = "What is overfitting, how do you detect it, and how do regularisation techniques such as L1/L2 penalties, dropout and early stopping help?"
a(Q,'en','data_ai',4,'filler_heavy_correct',"""
So, um, overfitting is when the model learns the training data too specifically - the noise, the quirks - instead of the pattern, so it does great on training data and worse on new data. Like, high variance, in bias-variance terms. You detect it by, you know, comparing training and validation loss: if training keeps going down while validation flattens or goes up, that gap is overfitting. Cross-validation helps if the dataset is small, and learning curves tell you whether more data would help.
For the techniques - uh, L2, or weight decay, adds the sum of squared weights to the loss, so it shrinks all weights smoothly towards zero but almost never exactly to zero. L1 adds absolute values, and because of that kink at zero it pushes a lot of weights to exactly zero, so you get sparse models, kind of built-in feature selection. Dropout randomly zeros a fraction of activations during training, so the network can't rely on any single unit - it's like training an ensemble - and at inference it's turned off, with the scaling handled so the expected activations match. Early stopping just watches validation loss and stops, um, and keeps the best checkpoint, when it hasn't improved for some patience. All of them trade a bit more bias for less variance, and, like, the regularisation strength is a hyperparameter you tune on validation, not on the test set.
""")
a(Q,'en','data_ai',3,'short_precise',"""
Overfitting is fitting noise in the training set, seen as training loss still falling while validation loss stalls or rises. L2 shrinks weights towards zero, L1 drives some exactly to zero (sparsity), dropout randomly disables units during training only, and early stopping keeps the checkpoint with the best validation loss - each trading a little bias for lower variance.
""")
a(Q,'en','data_ai',1,'confidently_wrong',"""
Overfitting means the model has high bias: it's too simple to capture the data, so both training and validation error are high. You detect it when training accuracy is low. L2 regularisation is the one that sets weights exactly to zero and gives you feature selection, while L1 just shrinks them a bit. Dropout removes a random set of neurons permanently from the network at the end of training, and it's most important to keep it on at inference time so the predictions are regularised too.
""")
a(Q,'en','data_ai',2,'partially_wrong',"""
Overfitting is when the model memorises the training data, so training error is low and validation error is much higher - I watch both curves and use cross-validation to detect it. L1 pushes some weights to exactly zero, which gives sparsity; L2 shrinks weights more evenly. Early stopping stops training when validation loss stops improving. Dropout randomly turns off neurons, and you keep it active at inference time as well, so that the model behaves the same way it did during training.
""")
a(Q,'en','data_ai',1,'restated_question',"""
Overfitting is a common problem in machine learning, and it's important to detect it. Regularisation techniques such as L1 and L2 penalties, dropout and early stopping help with overfitting, which is why they're widely used when training models.
""")
a(Q,'en','data_ai',3,'other_language',"""
과적합은 모델이 학습 데이터의 노이즈까지 외워서 학습 오차는 낮은데 검증 오차가 높아지는 상태입니다. 학습·검증 손실 곡선의 간격이 벌어지는 걸로 확인하고, 데이터가 적으면 교차 검증을 씁니다. L2는 가중치를 전반적으로 작게 만들고, L1은 일부 가중치를 정확히 0으로 만들어서 희소한 모델이 됩니다. 드롭아웃은 학습 때만 뉴런 일부를 랜덤하게 끄고 추론 때는 끕니다. 조기 종료는 검증 손실이 더 안 좋아지면 학습을 멈추고 가장 좋았던 시점을 씁니다.
""")

Q = "Terraform의 state 파일은 무엇이고, 여러 명이 같은 인프라를 Terraform으로 관리할 때 state는 어떻게 관리하시나요?"
a(Q,'ko','devops',4,'normal',"""
state는 Terraform 코드의 리소스와 실제 클라우드에 있는 객체를 연결해 주는 매핑입니다. aws_instance.web이 실제로 어떤 인스턴스 ID인지, 마지막으로 알던 속성은 뭔지, 의존 관계가 어떤지를 기록해 두고, plan 때 코드와 state, 실제 상태를 비교해서 무엇을 만들고 바꾸고 지울지 계산합니다. 그래서 state를 잃으면 Terraform은 기존 리소스를 모르는 상태가 되고, 다시 apply하면 중복 생성을 시도합니다.
기본값은 로컬 파일이라 팀에서는 원격 백엔드가 필수입니다. AWS라면 S3에 버전 관리와 암호화를 켜고 잠금을 겁니다. 예전엔 DynamoDB 테이블로 잠갔고 최근 버전은 S3 자체 잠금 파일도 지원합니다. 잠금이 없으면 두 사람이 동시에 apply해서 state가 꼬입니다. Terraform Cloud 같은 관리형도 선택지고요.
중요한 게 두 가지 더 있는데, 첫째 state에는 DB 비밀번호 같은 민감 값이 평문으로 들어가니까 버킷 접근 권한을 최소화하고 암호화합니다. 둘째 state를 환경별, 구성 요소별로 쪼갭니다. 네트워크, 데이터베이스, 앱을 하나의 state에 두면 plan이 느려지고 작은 변경의 영향 범위가 커지고 잠금 경합이 생기거든요. 쪼갠 state끼리는 remote state 데이터 소스나 SSM 파라미터로 값을 넘깁니다.
운영에서는 사람이 로컬에서 apply하지 않고 Atlantis나 CI 파이프라인에서 PR마다 plan을 보여 주고 승인 후 apply하게 하고, state를 손으로 고치지 않고 리팩터링은 moved 블록, 기존 리소스 편입은 import 블록으로 합니다. 그리고 정기적으로 plan을 돌려 콘솔에서 손으로 바꾼 드리프트를 잡습니다.
""")
a(Q,'ko','devops',3,'other_language',"""
The state file is Terraform's record of which real resource each resource in the code corresponds to, with its last known attributes; plan compares config against state and reality to decide what to change. For a team, state must live in a remote backend with locking - S3 with versioning and encryption plus a lock, or Terraform Cloud - so two applies can't run at once and you can recover an older version. It contains secrets in plain text, so access is restricted. I split state per environment and per component to limit blast radius, and all applies go through CI or Atlantis rather than laptops.
""")
a(Q,'ko','devops',2,'partially_wrong',"""
state는 Terraform이 관리하는 리소스와 실제 인프라를 매핑하는 파일입니다. 팀에서 쓸 때는 S3 같은 원격 백엔드에 두고 DynamoDB로 잠금을 걸어서 동시에 apply하지 못하게 하고, 버킷 버저닝도 켭니다. 환경별로 state를 분리하고요. 그리고 state 파일은 변경 이력을 리뷰할 수 있도록 Git 저장소에 같이 커밋해 두는 게 좋습니다. 어차피 민감 정보는 variable로 받기 때문에 state 안에는 들어가지 않아서 저장소에 올려도 문제없습니다.
""")
a(Q,'ko','devops',1,'off_topic_fluent',"""
Terraform을 잘 쓰려면 모듈 설계가 중요합니다. 저는 VPC, EKS, RDS처럼 재사용되는 부분을 모듈로 만들고, 입력 변수는 꼭 필요한 것만 노출하고, 버전 태그를 붙여서 각 환경이 특정 버전을 참조하게 합니다. 변수에는 validation 블록으로 잘못된 값을 막고, 출력값은 다른 모듈이 쓸 것만 내보냅니다. 또 terraform fmt, validate, tflint를 pre-commit 훅으로 돌려서 코드 스타일과 기본 오류를 잡습니다. 이렇게 하면 여러 팀이 같은 패턴으로 인프라를 만들 수 있습니다.
""")
a(Q,'ko','devops',1,'restated_question',"""
Terraform의 state 파일은 Terraform이 사용하는 상태 파일입니다. 여러 명이 같은 인프라를 관리할 때는 state 관리가 중요하기 때문에, 팀원들이 state를 잘 공유하고 충돌이 나지 않도록 체계적으로 관리해야 한다고 생각합니다.
""")
a(Q,'ko','devops',3,'short_precise',"""
state는 코드 속 리소스와 실제 클라우드 객체를 매핑한 기록이라 plan이 무엇을 바꿀지 계산하는 근거가 됩니다. 팀에서는 S3처럼 버전 관리·암호화된 원격 백엔드에 잠금을 걸어 두고, 민감 값이 평문으로 들어가니 접근을 제한하며, 환경·구성 요소별로 state를 나누고 apply는 CI에서만 합니다.
""")

Q = "A pod is stuck in CrashLoopBackOff. Walk me through how you would debug it."
a(Q,'en','devops',4,'normal',"""
CrashLoopBackOff just means the container keeps exiting and the kubelet is restarting it with an exponential back-off - 10 s, 20 s, 40 s, up to five minutes - so the question is why it exits.
First, kubectl describe pod. I look at the events and at the container's Last State: the reason and exit code tell you a lot. OOMKilled with 137 means it hit its memory limit; 137 without OOMKilled, or events saying "Liveness probe failed ... will be restarted", means something killed it, often a liveness probe that fires before a slow app is up; exit 1 is usually the app failing on its own; 127 or "executable not found" is a wrong command or entrypoint.
Second, kubectl logs <pod> --previous, because the current container may have just started and have no logs; the previous one has the stack trace. Typical findings: a missing environment variable or config key, can't connect to the database at startup, failed migration, permissions with runAsNonRoot or a read-only root filesystem.
If there are no logs at all, I reproduce inside the cluster: kubectl debug with an ephemeral container, or a copy of the pod with the command overridden to sleep so I can exec in and run the entrypoint by hand with the same env and mounts. I also check what changed - kubectl rollout history, the diff of the last deploy, a changed Secret or ConfigMap - and if it's a fresh deploy breaking production, I roll back first and debug afterwards.
Fix depends on the cause: raise the memory limit or fix the leak, add a startup probe or relax the liveness probe, fix config. Then I'd add an alert on restart counts so we notice before users do.
""")
a(Q,'en','devops',3,'filler_heavy_correct',"""
Okay, um, so first kubectl describe on the pod and look at the events and the last state - like, what's the exit code, does it say OOMKilled. Then, uh, kubectl logs with --previous, because you want the logs from the container that crashed, not the new one that just started. Usually it's something like, you know, a missing env var or secret, or it can't reach the database, or the liveness probe is killing it before it finishes starting up. If it's OOMKilled, look at the memory limit versus what it actually uses. And if it started right after a deploy, um, I'd just roll back first and debug calmly after.
""")
a(Q,'en','devops',1,'keyword_list',"""
kubectl describe, kubectl logs, events, OOMKilled, exit code 137, liveness probe, ConfigMap, rollback.
""")
a(Q,'en','devops',1,'confidently_wrong',"""
CrashLoopBackOff means Kubernetes couldn't pull the container image, so I first check the image name and the registry credentials. I look at kubectl describe for the events. Exit code 137 means the application threw an unhandled exception, so I'd check the stack trace with kubectl logs. If that doesn't help, I delete the pod, since a fresh pod usually clears the back-off and the problem goes away.
""")
a(Q,'en','devops',3,'short_precise',"""
kubectl describe pod for events and the last termination reason and exit code (OOMKilled/137, liveness-probe kills, 1 for app errors), then kubectl logs --previous for the crashed container's output. From there it's usually config/secrets, a dependency unreachable at startup, a bad command, or memory limits; if there are no logs, run a debug copy of the pod with the command overridden to sleep and start it by hand.
""")
a(Q,'en','devops',2,'normal',"""
I'd start with kubectl logs to see what the application printed before crashing, and kubectl describe to look at the events. Often it's a configuration problem, like a wrong environment variable, or the app can't connect to something it needs. Once I find the error in the logs, I fix the config or the code and redeploy.
""")
