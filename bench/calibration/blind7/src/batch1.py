A = []
def a(k, lang, pos, t, c, text, q=None):
    A.append(dict(k=k, lang=lang, pos=pos, t=t, c=c, a=text, q=q))

K = 'backend-testing-strategy'
a(K,'ko','backend',4,'normal',"""
기준은 "무엇을 검증하느냐"로 나눕니다. 단위 테스트는 도메인 로직, 가격 계산이나 상태 전이 같은 규칙을 외부 I/O 없이 빠르게 돌리는 용도라서, 서비스 계층이 리포지토리나 외부 클라이언트를 인터페이스로 받게 만들고 테스트에서는 간단한 fake를 넣습니다. mock 라이브러리로 호출 순서까지 검증하는 건 구현에 묶여서 리팩터링할 때 깨지기 쉬워서 최소화하고요.
DB가 엮이는 부분, 즉 쿼리, 트랜잭션 경계, 유니크 제약, 마이그레이션은 통합 테스트로 봅니다. 예전에 H2로 돌렸다가 PostgreSQL의 ON CONFLICT나 JSONB 쿼리가 H2에서 다르게 동작해서 운영에서만 터진 적이 있어서, 지금은 Testcontainers로 운영과 같은 버전의 Postgres를 띄우고 테스트마다 트랜잭션 롤백이나 truncate로 격리합니다.
외부 API는 어댑터 클래스 하나로 감싸서 비즈니스 코드에서는 fake로 대체하고, 어댑터 자체는 WireMock으로 HTTP 레벨에서 테스트합니다. 정상 응답뿐 아니라 타임아웃, 429, 500, 이상한 JSON까지 넣어서 재시도와 에러 매핑을 확인하고요. 상대 팀 API라면 Pact 같은 계약 테스트로 스펙 변경을 CI에서 잡습니다. 비율은 단위가 가장 많고, 통합은 핵심 경로 위주, 실제 외부 sandbox를 치는 테스트는 nightly로 몇 개만 둡니다. 통합 테스트가 느려지는 게 트레이드오프라서 컨테이너는 테스트 스위트 단위로 재사용합니다.
""")
a(K,'ko','backend',1,'confidently_wrong',"""
단위 테스트는 말 그대로 하나의 기능 단위, 예를 들어 회원가입 API 하나를 실제 DB까지 연결해서 끝까지 호출해 보는 테스트고요, 통합 테스트는 여러 마이크로서비스를 다 스테이징에 배포한 상태에서 전체 시나리오를 돌리는 겁니다. 외부 API는 mock을 쓰면 실제 동작이랑 달라질 수 있기 때문에 저는 테스트에서도 운영 결제 API를 그대로 호출하는 게 가장 정확하다고 봅니다. 소액으로 결제하고 바로 취소하면 되니까요. DB도 테스트용 DB를 따로 두면 데이터가 달라서 의미가 없어서 운영 DB 복제본에 직접 붙여서 테스트합니다.
""")
a(K,'ko','backend',3,'short_precise',"""
비즈니스 로직은 의존성을 인터페이스로 빼서 fake로 단위 테스트하고, DB는 Testcontainers로 운영과 같은 엔진을 띄워 리포지토리·트랜잭션을 통합 테스트합니다. 외부 API는 WireMock으로 타임아웃과 에러 응답까지 흉내 내고, 계약 테스트로 스펙 변경을 잡습니다.
""")
a(K,'ko','backend',1,'keyword_list',"""
JUnit, Mockito, Testcontainers, WireMock, 테스트 피라미드, 커버리지 80%, CI에서 자동 실행, given-when-then.
""")
a(K,'ko','backend',2,'partially_wrong',"""
저는 테스트 피라미드를 기준으로 단위 테스트를 가장 많이 두고요, 서비스 로직은 리포지토리를 mock 처리해서 빠르게 검증합니다. 외부 API는 클라이언트를 인터페이스로 감싸서 테스트에서는 가짜 구현을 주입하고, 실패 케이스도 같이 만들어 둡니다. DB 쪽 통합 테스트는 H2 인메모리 DB를 쓰는데, JPA가 SQL 방언 차이를 다 흡수해 주니까 H2에서 통과하면 MySQL이나 Postgres에서도 똑같이 동작한다고 보면 됩니다. 그래서 굳이 Docker로 실제 DB를 띄울 필요는 없다고 생각합니다.
""")

K = 'backend-authorization-rbac'
a(K,'ko','backend',4,'filler_heavy_correct',"""
음, 일단 인증이랑 인가를 분리해서 생각하는데요. 어, 인증으로 토큰에서 user_id랑 tenant_id를 얻으면, 그러니까 그 tenant_id는 토큰이나 세션에서만 가져오고 클라이언트가 바디나 쿼리로 보낸 tenant_id는 절대 안 믿어요. 그 다음에 뭔가 제일 중요한 게, 모든 데이터 접근에 테넌트 조건이 빠지지 않게 강제하는 건데, 개발자가 WHERE tenant_id = ? 를 매번 기억하게 하면 언젠가 빠지거든요. 그래서 리포지토리 계층에서 기본 필터로 걸거나, 음, Postgres면 Row Level Security로 세션 변수에 tenant를 넣고 DB가 막게 합니다. 어, 그리고 테넌트 안에서도 /orders/123 같은 요청은 그 리소스 소유자가 맞는지 확인해야 IDOR이 안 생기고요, 다른 테넌트 리소스면 403 말고 404를 줘서 존재 여부도 안 흘립니다. 권한 자체는 역할-권한 매핑으로 RBAC를 하고, 프로젝트 단위 공유 같은 게 생기면 관계 기반으로 확장하는 걸 고려하고, 판단 로직은 한 곳, 미들웨어나 정책 엔진으로 모아요. 마지막으로 테스트에서, 음, 테넌트 A 토큰으로 B 리소스를 찌르는 케이스를 엔드포인트마다 자동으로 돌리고, 접근 거부는 감사 로그로 남깁니다.
""")
a(K,'ko','backend',1,'restated_question',"""
멀티 테넌트 API에서는 인가 설계가 정말 중요하다고 생각합니다. 사용자가 다른 사용자의 데이터에 접근하지 못하게 하는 게 핵심이니까, 권한을 잘 설계해서 각자 자기 데이터에만 접근할 수 있도록 하고, 다른 사람 데이터에는 접근이 안 되도록 인가를 꼼꼼하게 처리하는 방향으로 설계하겠습니다.
""")
a(K,'ko','backend',1,'confidently_wrong',"""
요즘은 JWT를 쓰니까 인가는 거의 해결된 문제라고 봅니다. 토큰이 서버 키로 서명돼 있어서 위조가 안 되고, 그 안에 user_id가 들어 있으니 토큰만 검증되면 그 사용자가 요청한 데이터는 그 사람 것이라고 보장이 됩니다. 추가로 URL에 들어가는 ID를 자동 증가 숫자 대신 UUID로 바꾸면 다른 사람 ID를 추측할 수 없으니까 다른 사용자의 데이터에 접근하는 건 사실상 불가능해요. 그래서 별도로 소유자 체크 로직을 넣는 건 중복이라고 생각합니다.
""")
a(K,'ko','backend',3,'other_language',"""
I derive the tenant from the verified token, never from request parameters, and I make tenant scoping impossible to forget: a base repository that always adds tenant_id to queries, or Postgres row-level security as a second line of defence. On top of that, every object access checks ownership or membership, which is what actually prevents IDOR, and roles map to permissions in one central policy layer rather than if-statements in controllers. I also keep integration tests that call each endpoint with another tenant's token and expect a 404.
""")
a(K,'ko','backend',1,'off_topic_fluent',"""
보안에서 가장 기본은 비밀번호를 안전하게 저장하는 거라고 생각합니다. 저는 비밀번호를 평문이나 SHA-256 한 번으로 저장하지 않고 bcrypt나 Argon2처럼 의도적으로 느린 해시에 솔트를 붙여 저장합니다. 로그인은 OAuth2 Authorization Code 플로우에 PKCE를 붙여서 구현하고, 액세스 토큰은 짧게, 리프레시 토큰은 회전시키며 탈취가 감지되면 전체 세션을 폐기합니다. 관리자 계정에는 MFA를 강제하고, 로그인 실패가 반복되면 rate limit과 계정 잠금을 겁니다. 이렇게 하면 계정 탈취 위험을 크게 줄일 수 있습니다.
""")

K = 'frontend-error-handling'
a(K,'ko','frontend',4,'normal',"""
렌더링 에러와 비동기 에러를 나눠서 봅니다. 렌더링 중에 던져지는 에러는 Error Boundary로 잡는데, 최상위에 하나만 두면 위젯 하나 때문에 페이지 전체가 fallback으로 바뀌니까 라우트 단위, 그리고 독립적인 위젯 단위로 촘촘하게 둡니다. 예를 들어 상품 상세 페이지에서 추천 위젯이 깨지면 그 영역만 "불러오지 못했어요, 다시 시도" 로 바꾸고 구매 버튼은 살아 있게요. react-error-boundary를 써서 resetKeys로 라우트가 바뀌거나 재시도를 누르면 다시 렌더링하게 합니다.
중요한 건 Error Boundary가 이벤트 핸들러, setTimeout, Promise 같은 비동기 코드의 에러는 못 잡는다는 점이에요. 그래서 데이터 요청은 TanStack Query로 각 쿼리의 error 상태를 컴포넌트가 직접 처리하고, 치명적인 경우만 throwOnError로 가장 가까운 boundary로 올립니다. 이벤트 핸들러에서는 try-catch 후 토스트를 띄우고요. 요청 쪽은 타임아웃과, 멱등한 GET에 한해 백오프 재시도를 둡니다.
마지막으로 boundary의 componentDidCatch와 window의 unhandledrejection에서 Sentry로 보고해서, 사용자에게는 부분 실패로 보이지만 저희는 알 수 있게 합니다.
""")
a(K,'ko','frontend',2,'partially_wrong',"""
React에서는 Error Boundary를 쓰면 됩니다. 저는 앱 최상위에 하나, 그리고 주요 위젯마다 하나씩 감싸서 한 위젯이 깨져도 그 부분만 fallback UI를 보여 주도록 합니다. fallback에는 재시도 버튼을 두고, 에러는 Sentry로 보냅니다. Error Boundary의 장점은 렌더링 에러뿐 아니라 onClick 같은 이벤트 핸들러 에러나 fetch가 실패한 Promise 에러도 자동으로 잡아 준다는 거라서, 컴포넌트 안에서 따로 try-catch를 쓸 필요가 거의 없습니다.
""")
a(K,'ko','frontend',3,'short_precise',"""
위젯과 라우트 단위로 Error Boundary를 둬서 렌더링 에러를 그 영역의 fallback과 재시도로 격리합니다. Boundary는 이벤트 핸들러·비동기 에러를 못 잡으니, 요청 실패는 React Query의 error 상태나 try-catch로 처리하고 필요하면 boundary로 다시 던지며, 모두 Sentry로 보고합니다.
""")
a(K,'ko','frontend',1,'keyword_list',"""
Error Boundary, try-catch, Sentry, Suspense, fallback UI, 토스트 메시지, 재시도.
""")
a(K,'ko','frontend',1,'confidently_wrong',"""
React 18부터는 에러 처리가 많이 편해졌습니다. 함수형 컴포넌트에서 React가 기본으로 제공하는 useErrorBoundary 훅을 쓰면 되고, 아니면 컴포넌트의 return 부분을 try-catch로 감싸면 자식 컴포넌트의 렌더링 에러도 거기서 잡힙니다. 그리고 React는 에러가 나도 해당 컴포넌트만 빈 화면으로 렌더링하고 나머지 트리는 그대로 유지하기 때문에, 사실 위젯 하나가 깨진다고 페이지 전체가 무너지는 일은 없습니다. 그래서 저는 주로 콘솔 에러만 모니터링합니다.
""")

K = 'frontend-state-management'
a(K,'ko','frontend',4,'other_language',"""
I'd start by classifying state, because most "state management" pain comes from putting everything in one global store. Server state - data owned by the backend - goes to TanStack Query (or RTK Query): it gives caching, deduplication, background refetch and invalidation after mutations, which a hand-written Redux slice never does well. URL state - filters, sort, pagination, selected tab - lives in the router so links are shareable and back/forward works. Form state goes to react-hook-form. Local UI state like "is this dropdown open" stays in useState next to the component. What's left is genuinely global client state - auth session, theme, a multi-step editor's draft - and that's usually small; I'd use Zustand for it, or Redux Toolkit if the team wants devtools, strict patterns and there's complex cross-cutting logic.
One thing I avoid is using Context as a store for frequently changing values: every consumer re-renders when the provider value changes, so it's fine for theme or locale but not for a cart being edited. With Zustand or Redux you subscribe with selectors, so only the components reading that slice re-render. The trade-off is more libraries to learn, so I'd write down the rule "where does this state belong" in the team's guide.
""")
a(K,'ko','frontend',1,'off_topic_fluent',"""
React는 상태가 바뀌면 가상 DOM을 새로 만들고 이전 가상 DOM과 비교하는 재조정(reconciliation) 과정을 거칩니다. 이때 key를 기준으로 리스트 항목을 식별하기 때문에 index를 key로 쓰면 순서가 바뀔 때 불필요한 DOM 조작이나 상태 꼬임이 생길 수 있습니다. 비교가 끝나면 바뀐 부분만 실제 DOM에 커밋하고, React 18부터는 concurrent rendering으로 렌더링을 중단하고 재개할 수 있게 되었습니다. 또 자동 배칭 덕분에 여러 setState가 하나의 렌더링으로 묶입니다. 이런 원리를 이해하고 있으면 성능 문제를 잘 다룰 수 있습니다.
""")
a(K,'ko','frontend',1,'confidently_wrong',"""
저는 상태를 서버에서 받아온 데이터와 UI 상태로 나누는 편이고요, 도구는 외부 라이브러리 없이 Context API를 기본으로 씁니다. Context는 값이 바뀌면 그 값 중에서 실제로 바뀐 필드를 읽는 컴포넌트만 골라서 리렌더링해 주기 때문에 Redux보다 오히려 성능이 좋아요. 그래서 장바구니, 검색 필터, 서버에서 가져온 상품 목록까지 하나의 큰 AppContext에 넣어 두면 prop drilling도 없어지고 관리 포인트가 하나라서 대규모 앱에서도 깔끔합니다.
""")
a(K,'ko','frontend',3,'filler_heavy_correct',"""
음... 저는 일단 상태를 종류별로 나누는 게 먼저라고 생각하는데요. 어, 서버에서 오는 데이터, 그러니까 상품 목록 같은 건 사실 서버 상태라서 이걸 Redux에 넣고 직접 로딩, 에러, 캐시 무효화를 다 짜면 코드가 엄청 커져요. 그래서 그런 건 React Query 같은 걸로 캐싱이랑 재요청을 맡기고요. 음, 필터나 페이지 번호 같은 건 URL 쿼리스트링에 두면 공유도 되고 뒤로가기도 자연스럽고. 그리고 뭔가 진짜 전역으로 필요한 거, 로그인 정보나 테마 정도는 Zustand 같은 가벼운 스토어를 쓰고, 나머지 모달 열림 같은 건 그냥 컴포넌트 로컬 state로 둡니다. 어... Context는 값이 바뀌면 쓰는 컴포넌트가 다 리렌더링돼서, 자주 바뀌는 값에는 잘 안 써요.
""")
a(K,'ko','frontend',1,'restated_question',"""
규모가 큰 React 애플리케이션에서는 상태 관리 구조를 잘 설계하는 게 정말 중요합니다. 상태의 종류를 잘 나누고, 각각에 맞는 도구를 이유를 가지고 선택해야 한다고 생각합니다. 그래야 앱이 커져도 상태 관리가 복잡해지지 않기 때문에, 저는 상태를 체계적으로 나누고 적절한 도구를 골라서 관리하겠습니다.
""")

K = 'mobile-realtime-connection'
a(K,'ko','mobile',4,'normal',"""
앱이 포그라운드일 때는 WebSocket 하나를 열고, 서버와 하트비트를 주고받아서 끊긴 연결을 빨리 감지합니다. 모바일 네트워크에서는 TCP가 조용히 죽는 경우가 많아서 하트비트가 없으면 몇 분씩 멈춘 화면을 보게 되거든요. 끊기면 지수 백오프에 지터를 넣어서 재연결하고, 재연결하면 이벤트가 빠졌을 수 있으니 주문 상태는 REST로 최신 스냅샷을 받고 마지막으로 받은 시퀀스 번호 이후부터 다시 구독합니다. 라이더 위치는 최신 값만 의미 있어서 유실돼도 괜찮지만, 주문 상태는 유실되면 안 되니까 둘을 다르게 다룹니다. 지도 갱신은 몇 초 단위로 스로틀링하고 마커 이동은 보간해서 배터리와 렌더링 부담을 줄입니다.
백그라운드로 가면 iOS는 몇 초 안에 앱을 suspend해서 소켓이 죽고, 안드로이드도 Doze나 앱 대기 상태에서 네트워크를 제한합니다. 그래서 백그라운드 진입 시 소켓을 명시적으로 닫고, 주문 상태 변화는 FCM/APNs 푸시로 알리고, 포그라운드로 돌아오면 스냅샷부터 다시 받습니다. 잠금 화면에서 배달 진행을 보여 주려면 iOS는 Live Activity를 푸시로 업데이트하는 방식이 맞습니다. 네트워크 변경은 NWPathMonitor나 ConnectivityManager 콜백으로 감지해서 기존 소켓을 기다리지 말고 바로 재연결합니다.
""")
a(K,'ko','mobile',1,'confidently_wrong',"""
WebSocket은 한 번 연결해 두면 OS가 알아서 유지해 주기 때문에 백그라운드로 가도 그대로 두면 됩니다. iOS도 백그라운드에서 소켓 연결은 살아 있어서 계속 위치를 받을 수 있고요. 와이파이에서 LTE로 바뀌는 경우도 TCP가 자동으로 새 IP로 연결을 이어 주기 때문에 앱에서 따로 처리할 필요가 없습니다. 그래서 저는 연결 유지보다는 서버 쪽 처리량에 더 신경을 씁니다.
""")
a(K,'ko','mobile',3,'short_precise',"""
포그라운드에서는 WebSocket에 하트비트와 지수 백오프 재연결을 붙이고, 재연결할 때는 REST로 현재 상태 스냅샷을 받아 빠진 이벤트를 메웁니다. 백그라운드로 가면 OS가 연결을 끊으니 소켓을 닫고 상태 변화는 푸시로 받으며, 네트워크 변경은 연결 상태 콜백으로 감지해 즉시 재연결합니다.
""")
a(K,'ko','mobile',2,'partially_wrong',"""
실시간 연결은 WebSocket으로 하고, 핑퐁으로 연결이 살아 있는지 확인하고 끊기면 백오프로 재연결합니다. 재연결 후에는 서버에서 현재 주문 상태를 한 번 다시 받아서 화면을 맞추고요. 네트워크가 바뀌면 연결 콜백을 받아서 소켓을 새로 엽니다. 백그라운드에서는 소켓을 닫는 대신 iOS의 Background Fetch를 1초 간격으로 등록해서 위치를 계속 받아 오고, 안드로이드도 WorkManager로 1초마다 주기 작업을 돌리면 실시간에 가깝게 유지할 수 있습니다.
""")
a(K,'ko','mobile',1,'keyword_list',"""
WebSocket, SSE, MQTT, FCM, APNs, 하트비트, 지수 백오프, Doze 모드, 포그라운드 서비스.
""")

K = 'mobile-dependency-injection'
a(K,'ko','mobile',4,'filler_heavy_correct',"""
어, 저는 안드로이드에서 Hilt를 주로 썼는데요. 음, Hilt는 Dagger 위에 올라간 거라서 컴파일 타임에 코드를 생성하고, 그러니까 의존성 그래프가 빌드할 때 검증돼요. 바인딩이 빠지면 앱 실행 전에 빌드가 깨지니까 그게 큰 장점이고, 대신 kapt나 KSP 때문에 빌드 시간이 좀 늘어나요. 스코프도 SingletonComponent, ViewModelComponent 이런 식으로 안드로이드 생명주기에 맞춰져 있고요. 어, Koin은 반대로 코드 생성 없이 런타임에 DSL로 등록한 걸 찾아 주는 방식이라 설정이 가볍고 KMP에서도 쓰기 좋은데, 바인딩 빠진 걸 실행해 봐야 알아요. 그래서 Koin 쓸 땐 모듈 검증 테스트를 하나 꼭 둡니다. 수동 주입은, 음, 작은 앱이면 AppContainer 같은 객체에서 생성자로 넘겨 주는 걸로 충분하고 제일 투명해요. 테스트 쪽은 뭔가 핵심이 생성자 주입이라서, ViewModel이 Repository 인터페이스를 생성자로 받으면 테스트에서 fake를 그냥 넣으면 되고, Hilt 통합 테스트에서는 @TestInstallIn으로 네트워크 모듈을 가짜로 바꿔 끼워요.
""")
a(K,'ko','mobile',1,'confidently_wrong',"""
Hilt와 Koin의 가장 큰 차이는 동작 시점입니다. Koin은 어노테이션 프로세서로 컴파일 타임에 코드를 생성해서 의존성 그래프를 빌드할 때 전부 검증해 주고, Hilt는 런타임에 리플렉션으로 객체를 찾아서 넣어 주는 서비스 로케이터 방식이라 앱 시작이 느리고 누락된 바인딩은 실행해 봐야 압니다. 그래서 안정성이 중요한 큰 앱은 Koin, 빠르게 만드는 작은 앱은 Hilt를 씁니다. 수동 주입은 요즘은 거의 안티패턴이라서 권장하지 않습니다.
""")
a(K,'ko','mobile',3,'other_language',"""
Mostly constructor injection, with Hilt wiring it up on Android. Hilt generates the graph at compile time, so a missing binding fails the build, and it gives scopes tied to Android lifecycles; the cost is annotation processing time and some learning curve. Koin is a runtime container with a Kotlin DSL - quick to set up, no codegen, works in KMP - but mistakes only show up when the code runs, so you add a verify test. For a small app I'd happily do manual DI with an app container. For testing, the point is that classes take interfaces through the constructor, so a unit test just passes a fake repository; in instrumented tests Hilt lets me replace a module with a test one.
""")
a(K,'ko','mobile',1,'restated_question',"""
모바일 앱에서 의존성 주입은 Hilt나 Koin 같은 프레임워크를 쓰는 방법과 수동으로 주입하는 방법이 있습니다. 두 방법을 비교해 보면 각각 장단점이 있고, 상황에 따라 맞는 걸 선택해야 합니다. 그리고 의존성 주입을 하면 테스트할 때 많은 도움이 됩니다.
""")
a(K,'ko','mobile',2,'partially_wrong',"""
저는 Hilt를 씁니다. 컴파일 타임에 그래프를 검증해서 누락된 의존성을 빌드 단계에서 잡아 주고, 스코프를 생명주기에 맞게 관리해 줘서 좋습니다. Koin은 런타임에 해석하는 방식이라 가볍지만 오류를 늦게 발견하고요. 테스트에서는 생성자 주입 덕분에 fake 저장소를 넣어서 ViewModel을 쉽게 테스트합니다. 한 가지 팁은, ViewModel에서 화면 관련 작업을 하려면 Activity Context를 @ActivityContext로 ViewModel에 주입하면 되는데, Hilt가 ViewModel 생명주기에 맞춰서 관리해 주니까 메모리 누수 걱정은 안 해도 됩니다.
""")

K = 'data-ai-oltp-olap-lakehouse'
a(K,'ko','data_ai',4,'normal',"""
OLTP는 주문, 결제처럼 짧은 트랜잭션이 초당 수천 건씩 들어오고 한두 행을 읽고 쓰는 워크로드라서, 정규화된 스키마에 행 기반 저장, 인덱스로 포인트 조회, ACID와 낮은 지연이 중요합니다. 반대로 웨어하우스는 "지난 1년 지역별 매출"처럼 수억 행을 스캔해서 몇 개 컬럼만 집계하니까 컬럼 기반 저장과 압축, MPP 병렬 처리를 쓰고, 스키마도 스타 스키마처럼 분석하기 좋게 비정규화합니다. 운영 DB에 분석 쿼리를 돌리면 풀스캔이 락과 I/O를 잡아먹어서 서비스가 느려지는 게 전형적인 문제라 둘을 분리하는 거고요.
데이터 레이크는 S3 같은 객체 스토리지에 원본 파일을 형식 제한 없이 싸게 쌓아 두는 곳이고 schema-on-read라 유연하지만, 트랜잭션이나 스키마 강제가 없어서 관리 안 하면 늪이 됩니다. 레이크하우스는 그 레이크 위에 Delta Lake나 Iceberg 같은 테이블 포맷으로 ACID, 스키마 관리, 타임 트래블을 얹어서 웨어하우스처럼 BI 쿼리도 하고 같은 데이터로 ML도 하게 만든 구조입니다. 그래서 흐름은 OLTP에서 CDC로 레이크하우스나 웨어하우스로 가져가는 식으로 보고 있습니다.
""")
a(K,'ko','data_ai',3,'short_precise',"""
OLTP는 작은 트랜잭션을 낮은 지연으로 처리하는 행 기반·정규화 DB이고, 웨어하우스는 대량 스캔과 집계에 맞춘 컬럼 기반·비정규화 저장소입니다. 데이터 레이크는 객체 스토리지에 원본 파일을 schema-on-read로 싸게 쌓는 곳이고, 레이크하우스는 그 위에 Iceberg나 Delta 같은 테이블 포맷으로 ACID와 스키마 관리를 더해 웨어하우스 역할까지 하는 구조입니다.
""")
a(K,'ko','data_ai',1,'confidently_wrong',"""
OLTP는 컬럼 기반 저장이라 특정 컬럼 집계가 빨라서 실시간 분석에 쓰이고, 데이터 웨어하우스는 행 기반이라 트랜잭션 처리에 강합니다. 그래서 보통 웨어하우스에서 주문을 받고 OLTP로 리포트를 뽑는 구조가 많습니다. 데이터 레이크는 정제가 끝난 데이터만 스키마를 미리 정의해서 넣는 곳, 즉 schema-on-write 방식이고, 레이크하우스는 레이크 앞에 두는 인메모리 캐시 계층이라 쿼리를 빠르게 해 주는 역할입니다.
""")
a(K,'ko','data_ai',1,'keyword_list',"""
OLTP, OLAP, 행 기반, 컬럼 기반, ACID, 스타 스키마, S3, Parquet, Delta Lake, Iceberg, Snowflake, BigQuery.
""")
a(K,'ko','data_ai',3,'other_language',"""
OLTP systems serve the application: lots of small reads and writes, normalised tables, row storage, indexes and strict transactions. A warehouse serves analysis: big scans and aggregations, so columnar storage, compression and denormalised star schemas, loaded in batches or via CDC. A lake is cheap object storage with raw files of any format, read with a schema applied at query time. A lakehouse keeps the lake's storage but adds a table format like Iceberg or Delta on top, giving ACID commits and schema evolution so you can run warehouse-style SQL on it.
""")

K = 'data-ai-model-drift-monitoring'
a(K,'ko','data_ai',4,'normal',"""
라벨이 몇 주 늦게 오니까, 라벨 없이 볼 수 있는 선행 지표와 라벨이 온 뒤 보는 후행 지표를 나눠서 설계하겠습니다.
선행 지표는 세 가지입니다. 첫째, 입력 데이터 품질: 스키마, 결측률, 범주형 값에 새 카테고리 등장 같은 것. 업스트림 파이프라인 변경이 실제로 가장 흔한 원인이라서요. 둘째, 피처 분포 드리프트: 학습 데이터 대비 PSI나 KS 통계량을 피처별로 매일 계산하고, 특히 중요도 높은 피처에 가중을 둡니다. 셋째, 예측 분포와 confidence 분포, 그리고 가능하면 승인률이나 클릭률 같은 비즈니스 프록시 지표. 다만 드리프트가 곧 성능 저하는 아니라서 이 알림은 자동 재학습이 아니라 조사 트리거로 씁니다.
후행 지표는 라벨이 들어오면 예측 시점 기준 코호트별로 성능을 다시 계산해서 대시보드에 채웁니다. 일부 라벨이 빨리 오면, 예를 들어 사기면 차지백 일부가 며칠 만에 오니까 그걸로 조기 추정을 합니다.
재학습은 정기 재학습(예: 격주, 최근 N주 슬라이딩 윈도우)을 기본으로 하고, 새 모델은 가장 최근 라벨이 확정된 기간으로 기존 모델과 비교해서 더 나을 때만 섀도우 배포 후 교체합니다. 모델이 결정에 개입해 라벨이 편향되는 피드백 루프가 있으면 일부 트래픽을 탐색용으로 남겨 두는 것도 고려합니다.
""")
a(K,'ko','data_ai',2,'partially_wrong',"""
라벨이 늦으니까 입력 피처 분포를 학습 데이터와 비교해서 PSI 같은 지표로 드리프트를 보고, 예측값 분포도 같이 모니터링하겠습니다. 라벨이 들어오면 그때 실제 정확도를 계산해서 대시보드에 추가하고요. 재학습은 드리프트가 임계값을 넘으면 바로 자동으로 돌게 할 건데, 라벨을 기다리면 늦으니까 최근 데이터에 대해 현재 모델이 낸 예측값을 정답 라벨로 삼아서 학습시키면 최신 분포에 빠르게 적응할 수 있습니다. 그렇게 만든 모델을 바로 배포하는 파이프라인을 만들겠습니다.
""")
a(K,'ko','data_ai',3,'filler_heavy_correct',"""
음... 라벨이 몇 주 뒤에 오니까, 그 사이에는 어, 정답 없이 볼 수 있는 걸 봐야 하잖아요. 그래서 일단 입력 데이터가 학습 때랑 달라졌는지, 그러니까 피처별로 PSI 같은 걸로 분포 변화를 보고, 결측률이나 스키마가 바뀌었는지도 보고요. 음, 사실 업스트림에서 컬럼 단위가 바뀌거나 하는 게 진짜 자주 있어서. 그리고 모델이 내는 예측 점수 분포도 같이 봅니다. 어, 라벨이 들어오면 그때는 예측한 날짜 기준으로 묶어서 실제 성능을 뒤늦게 계산하고요. 재학습은 뭔가 주기적으로 돌리되, 새 모델이 최근 라벨 있는 구간에서 기존 모델보다 나을 때만 교체하는 식으로 하겠습니다.
""")
a(K,'ko','data_ai',1,'off_topic_fluent',"""
모델 성능을 높이려면 학습 단계가 가장 중요하다고 생각합니다. 저는 먼저 데이터를 학습, 검증, 테스트로 나누고, k-fold 교차 검증으로 과적합 여부를 확인합니다. 하이퍼파라미터는 그리드 서치보다 베이지안 최적화로 찾는 게 효율적이고, Optuna를 자주 씁니다. 트리 모델이면 LightGBM의 num_leaves와 learning_rate를 먼저 튜닝하고, early stopping을 걸어 학습을 멈춥니다. 이렇게 체계적으로 튜닝하면 대부분 좋은 성능을 얻을 수 있습니다.
""")
a(K,'ko','data_ai',1,'restated_question',"""
운영 중인 모델 성능이 서서히 떨어지는 건 흔한 일이고, 라벨이 늦게 들어오면 더 어렵습니다. 그래서 모델을 잘 모니터링하고, 성능이 떨어지면 재학습하는 체계를 잘 설계하는 게 중요합니다. 모니터링과 재학습을 체계적으로 갖추면 성능 저하에 대응할 수 있습니다.
""")

K = 'devops-gitops-argocd'
a(K,'ko','devops',4,'normal',"""
GitOps는 원하는 클러스터 상태를 Git에 선언적으로 두고, 클러스터 안의 에이전트가 Git을 pull해서 실제 상태를 계속 그 상태로 맞추는 운영 방식입니다. CI가 kubectl로 밀어 넣는 push 방식과 달리 클러스터 자격 증명이 CI 밖으로 안 나가고, 누가 손으로 바꾼 드리프트도 감지해서 되돌릴 수 있고, 변경 이력과 승인이 PR로 남는다는 게 핵심입니다.
구성은 애플리케이션 코드 저장소와 배포 설정 저장소를 분리합니다. CI는 테스트, 이미지 빌드, 레지스트리 푸시까지만 하고 설정 저장소의 dev 환경 이미지 태그를 digest로 바꾸는 PR을 자동으로 올립니다. 설정 저장소는 서비스별 base와 환경별 overlay(Kustomize나 Helm values) 구조로 두고, Argo CD ApplicationSet으로 서비스×환경×클러스터 조합의 Application을 생성해서 서비스가 30개로 늘어도 손으로 만들지 않게 합니다. AppProject로 팀별 네임스페이스와 저장소 권한을 나누고요.
승격은 "같은 digest를 다음 환경 overlay에 복사하는 PR"입니다. 스테이징에서 스모크 테스트와 지표가 통과하면 운영 PR이 생성되고, 운영은 리뷰 승인이 곧 배포 승인이 됩니다. 이미지를 다시 빌드하지 않으니 스테이징에서 검증한 산출물이 그대로 운영에 갑니다. 시크릿은 Git에 평문으로 안 두고 External Secrets나 SOPS로 처리하고, 운영 점진 배포가 필요하면 Argo Rollouts로 카나리를 붙입니다.
""")
a(K,'ko','devops',1,'confidently_wrong',"""
GitOps는 CI 파이프라인에서 Git 커밋이 생기면 젠킨스 같은 도구가 kubectl apply를 실행해서 클러스터에 바로 push하는 방식을 말합니다. Argo CD는 그 push를 대신해 주는 CI 도구로, 소스 코드를 받아 Docker 이미지를 빌드하고 테스트를 돌린 다음 클러스터에 배포까지 합니다. 승격은 Argo CD 화면에서 스테이징 애플리케이션을 운영으로 복사하는 버튼을 누르면 되고, Git은 코드 저장용이라 운영 상태는 Argo CD 내부 DB에 저장됩니다.
""")
a(K,'ko','devops',3,'short_precise',"""
GitOps는 Git에 선언한 상태를 클러스터 안의 에이전트가 pull로 계속 맞추는 방식이라, 변경은 PR로만 하고 드리프트는 자동으로 감지·복구됩니다. 설정 저장소를 base/환경별 overlay로 두고 ApplicationSet으로 서비스×환경 Application을 만들며, 승격은 스테이징에서 검증된 이미지 digest를 운영 overlay로 올리는 PR로 합니다.
""")
a(K,'ko','devops',2,'partially_wrong',"""
GitOps는 Git을 단일 진실 원천으로 두고 Argo CD 같은 에이전트가 Git 상태와 클러스터 상태를 비교해서 동기화하는 방식입니다. 저는 앱 저장소와 매니페스트 저장소를 분리하고, 환경별로 Kustomize overlay를 두고, ApplicationSet으로 앱을 생성합니다. 승격은 스테이징에서 검증한 이미지 태그를 운영 overlay로 올리는 PR로 하고요. 그리고 Git이 단일 진실 원천이니까 Secret 매니페스트도 같이 커밋합니다. Kubernetes Secret은 값이 base64로 인코딩돼 있어서 저장소에 올라가도 안전하거든요.
""")
a(K,'ko','devops',1,'keyword_list',"""
Argo CD, Flux, Git, 선언적, Kustomize, Helm, ApplicationSet, App of Apps, sync, self-heal, PR.
""")
a(K,'ko','devops',3,'other_language',"""
GitOps means the desired state lives in Git and an in-cluster controller like Argo CD pulls and reconciles it, so every change is a reviewed commit and manual drift gets reverted. I'd keep a separate config repo with per-service bases and per-environment overlays, generate Applications with an ApplicationSet, and have CI only build the image and open a PR bumping the dev tag. Promotion to production is a PR that copies the exact image digest verified in staging into the prod overlay; approval of that PR is the release approval.
""")

K = 'devops-database-operations'
a(K,'ko','devops',4,'normal',"""
평소에는 커넥션 수 대비 max_connections, idle in transaction 세션, 오래 도는 트랜잭션, 레플리카 지연, pg_stat_statements 기준 상위 쿼리, 락 대기, 디스크와 WAL 증가량을 봅니다. 그리고 autovacuum이 제대로 도는지, 테이블 bloat와 트랜잭션 ID 나이(wraparound까지 남은 여유)를 꼭 봐요. 오래 열린 트랜잭션 하나가 vacuum을 막아서 bloat가 쌓이는 게 제일 흔한 사고라서, idle_in_transaction_session_timeout과 statement_timeout을 기본으로 겁니다.
커넥션 폭주는 Postgres가 커넥션마다 프로세스를 띄우는 구조라 max_connections를 올리는 건 답이 아니고, 메모리와 컨텍스트 스위칭 때문에 오히려 더 느려집니다. 앞단에 PgBouncer를 transaction 모드로 두고, 애플리케이션 파드 수 × 풀 크기가 DB 한도를 넘지 않게 계산하고, 배포 때 한꺼번에 붙지 않게 재시도에 지터를 넣습니다. 
레플리카는 비동기 스트리밍 복제라 지연이 있다는 걸 전제로, 방금 쓴 걸 읽어야 하는 요청은 프라이머리로 보내고, 레플리카에서 긴 분석 쿼리가 충돌로 취소되는 문제는 hot_standby_feedback을 켤지(대신 프라이머리 bloat) 분석용 레플리카를 따로 둘지로 결정합니다. 페일오버는 RDS Multi-AZ나 Patroni로 자동화하고 주기적으로 연습합니다.
메이저 업그레이드는 물리 복제가 버전을 넘지 못하니, 다운타임을 허용하면 pg_upgrade --link, 아니면 논리 복제로 새 버전 클러스터를 따라오게 한 뒤 짧게 쓰기를 멈추고 전환합니다. RDS면 Blue/Green 배포가 이 방식이고요. 전환 전에 스테이징에서 확장 모듈 호환과 주요 쿼리 플랜을 확인하고, 전환 후 ANALYZE로 통계를 다시 채웁니다.
""")
a(K,'ko','devops',1,'confidently_wrong',"""
커넥션 폭주가 나면 max_connections를 5000 정도로 넉넉하게 올리면 됩니다. PostgreSQL은 스레드 기반이라 커넥션 하나가 아주 가볍기 때문에 수천 개가 붙어도 문제가 없어요. 레플리카는 동기 복제라서 프라이머리에 쓰면 바로 레플리카에서도 읽을 수 있고, 메이저 버전 업그레이드는 운영 중에 yum으로 패키지만 올리고 재시작하면 데이터 파일은 그대로 호환됩니다. 평소에는 CPU 사용률 위주로 봅니다.
""")
a(K,'ko','devops',3,'other_language',"""
Day to day I watch connection count against max_connections, idle-in-transaction sessions, replication lag, the top queries in pg_stat_statements, lock waits, disk and WAL growth, and autovacuum health - bloat and transaction ID age - because a long-open transaction blocking vacuum is the classic slow disaster. For connection storms, Postgres forks a process per connection, so the fix is PgBouncer in transaction mode plus sane per-pod pool sizes, not a bigger max_connections. Replicas are asynchronous, so read-your-writes traffic stays on the primary. Major upgrades go through pg_upgrade with a maintenance window, or logical replication to a new-version cluster and a short cutover.
""")
a(K,'ko','devops',1,'off_topic_fluent',"""
PostgreSQL과 MySQL 중에 고르라면 저는 PostgreSQL을 선호합니다. PostgreSQL은 JSONB, 배열, 윈도우 함수, CTE 같은 기능이 풍부하고, PostGIS 같은 확장 생태계도 강합니다. MySQL은 단순한 읽기 위주 워크로드에서 빠르고 운영 인력이 많다는 장점이 있습니다. 라이선스 측면에서도 PostgreSQL은 자유로운 편이고, 표준 SQL 준수도가 높아서 복잡한 쿼리를 쓰는 서비스에 적합합니다. 그래서 새 프로젝트라면 PostgreSQL을 추천합니다.
""")
a(K,'ko','devops',2,'partially_wrong',"""
평소에는 커넥션 수, 레플리카 지연, 슬로우 쿼리, autovacuum 상태와 bloat를 봅니다. 커넥션 폭주는 PgBouncer로 풀링하고 앱 풀 크기를 조정해서 막고, statement_timeout도 걸어 둡니다. 레플리카는 비동기라 지연이 있을 수 있으니 쓰기 직후 읽기는 프라이머리로 보냅니다. 메이저 버전 업그레이드는 다운타임을 줄이려고, 새 버전으로 레플리카를 하나 띄워서 기존 프라이머리에 스트리밍 복제로 붙인 다음 따라오면 페일오버하는 방식으로 합니다.
""")
