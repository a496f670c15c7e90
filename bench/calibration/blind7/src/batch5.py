A = []
def a(k, lang, pos, t, c, text, q=None):
    A.append(dict(k=k, lang=lang, pos=pos, t=t, c=c, a=text, q=q))

a('backend-testing-strategy','ko','backend',2,'normal',"""
단위 테스트는 함수나 클래스 하나를 테스트하는 거고, 통합 테스트는 API를 호출해서 전체 흐름을 확인하는 거라고 나눕니다. 외부 API는 테스트할 때마다 호출하면 느리고 비용이 드니까 mock으로 응답을 고정해 두고 테스트합니다. DB는 테스트용 DB를 하나 띄워 두고 거기에 연결해서 돌리고 있습니다. 커버리지는 70% 이상 유지하려고 합니다.
""")
a('frontend-error-handling','ko','frontend',2,'confidently_wrong',"""
페이지 전체가 죽지 않게 하려면 위젯마다 Error Boundary로 감싸서 깨진 위젯만 대체 UI를 보여 주면 됩니다. 요즘은 클래스 컴포넌트를 안 써도 React 18에 들어간 useErrorBoundary 훅으로 함수형 컴포넌트 안에서 바로 Error Boundary를 만들 수 있어서 편합니다. 요청 실패는 React Query의 error 상태로 받아서 해당 영역에 재시도 버튼을 보여 주고, 에러는 Sentry로 보냅니다.
""")
a('data-ai-oltp-olap-lakehouse','ko','data_ai',2,'confidently_wrong',"""
OLTP는 주문이나 결제처럼 작은 트랜잭션을 빠르게 처리하는 행 기반 DB고, 웨어하우스는 대량 데이터를 집계하는 컬럼 기반 저장소라서 용도가 다릅니다. 데이터 레이크는 S3 위에서 ACID 트랜잭션과 스키마 강제를 기본으로 지원하는 저장소이고, 레이크하우스는 그 레이크의 데이터를 매일 밤 웨어하우스로 복사해서 둘을 같이 쓰는 구조를 말합니다.
""")
a('devops-service-mesh','en','devops',3,'normal',"""
I'd only adopt one when there's a concrete need across many services - usually mandatory mTLS between services, or wanting retries, timeouts and canary traffic splitting managed consistently instead of in five different client libraries. Linkerd is the simpler option if that's mostly what you need; Istio if you need its richer L7 policy. The cost is a proxy in the data path: more CPU and memory per pod, a bit of latency per hop, another control plane to upgrade, and harder debugging. Ambient mode removes the per-pod sidecar: a node-level ztunnel does the L4 mTLS, and you deploy waypoint proxies only for services that need L7 features, which cuts the resource cost.
""")
a('mobile-crash-monitoring','en','mobile',2,'normal',"""
We use Firebase Crashlytics, and it sends us an email when there's a new crash. I check the dashboard after each release, and if a crash shows up I look at the stack trace, try to reproduce it on my device and fix it in the next release.
""")
a('data-ai-lakehouse-table-formats','en','data_ai',2,'normal',"""
They basically give you database-like features on top of a data lake. With plain Parquet you just have files, but with Iceberg or Delta you get things like transactions and being able to update data. They also have time travel, so you can look at older versions of the table. I'd use them for any new data lake.
""")
a('devops-kubernetes-cluster-upgrades','en','devops',2,'confidently_wrong',"""
I check removed APIs with pluto, update add-ons, and test in a staging cluster first. The order doesn't really matter because the kubelet is allowed to be one minor version newer than the API server, so we often roll the nodes first to spread the risk. EKS supports each Kubernetes version for about three years, so we upgrade once a year and skip versions in between.
""")
a('mobile-dependency-injection','ko','mobile',4,'short_precise',"""
Hilt는 컴파일 타임에 그래프를 생성해서 바인딩 누락이 빌드 에러로 잡히고 생명주기 스코프를 주는 대신 kapt/KSP로 빌드가 느려지고, Koin은 코드 생성 없이 런타임에 DSL로 해석해서 가볍고 KMP에도 맞지만 누락이 실행 시점에 터지니 verify 테스트를 둬야 하며, 작은 앱은 생성자 주입과 AppContainer만으로 충분합니다. 테스트에서는 생성자 주입 덕분에 단위 테스트에 fake를 그냥 넘기고, Hilt 계측 테스트에서는 @TestInstallIn으로 모듈을 교체합니다.
""")
a('frontend-build-tooling','en','frontend',3,'other_language',"""
번들러는 엔트리부터 import를 따라가서 모듈 그래프를 만들고, TS나 JSX를 변환하고, 안 쓰는 export를 트리 셰이킹으로 빼고, 압축해서 몇 개의 청크로 내보내는 도구입니다. Vite는 개발 때는 번들링 없이 네이티브 ES 모듈로 서빙해서 빠르고, 배포 빌드는 Rollup으로 합니다. 저는 번들 분석기로 큰 라이브러리를 찾아서 가벼운 걸로 바꾸고, 라우트 단위로 dynamic import를 걸어 초기 번들을 줄였습니다. 캐싱은 파일명에 콘텐츠 해시를 넣고 긴 max-age와 immutable을 주고, index.html만 no-cache로 둬서 배포하면 바로 새 파일을 받게 했습니다.
""")
