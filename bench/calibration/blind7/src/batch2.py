A = []
def a(k, lang, pos, t, c, text, q=None):
    A.append(dict(k=k, lang=lang, pos=pos, t=t, c=c, a=text, q=q))

K = 'backend-kubernetes-deployment'
a(K,'en','backend',4,'filler_heavy_correct',"""
So, um, first the rollout itself: RollingUpdate with maxUnavailable zero and maxSurge one or something like 25%, so there's always full capacity. But that only works if the readiness probe is honest - like, it should say "I can serve traffic now", after the app has warmed up and connected, and Kubernetes won't send traffic until it passes. Liveness is a different thing, you know, it restarts the container, so I keep it really dumb - is the process responsive - and I never make it check the database, because otherwise a DB blip restarts every pod at once. For slow-booting JVM stuff I add a startup probe so liveness doesn't kill it while it's starting.
Then shutdown, which people forget. When a pod is terminated, it gets SIGTERM while the endpoint removal is still propagating to kube-proxy and the ingress, so, um, I add a preStop hook that sleeps a few seconds, then the app stops accepting new requests, drains in-flight ones, and exits, and terminationGracePeriodSeconds is longer than all of that.
For stability: requests and limits set from real usage - memory limit equal to request so we don't get surprise OOM kills under node pressure - a PodDisruptionBudget so node drains don't take out all replicas, topology spread across zones, and an HPA on CPU or RPS. And, uh, DB migrations have to be backward compatible, expand then contract, because during a rollout old and new versions run side by side.
""")
a(K,'en','backend',1,'confidently_wrong',"""
The liveness probe is what controls whether the Service sends traffic to the pod, and the readiness probe restarts the container if it's unhealthy, so you mainly need liveness for zero downtime. I usually set maxUnavailable to 100% so the rollout is as fast as possible - Kubernetes starts the new pods before killing old ones anyway. And you don't need to handle shutdown in the app: Kubernetes waits for all in-flight requests to complete before sending SIGTERM, so connections are never dropped.
""")
a(K,'en','backend',3,'short_precise',"""
Rolling update with maxUnavailable 0, a readiness probe that gates traffic, a cheap liveness probe that doesn't check dependencies, and graceful shutdown - preStop delay, handle SIGTERM, drain in-flight requests within terminationGracePeriodSeconds. Plus resource requests/limits, a PodDisruptionBudget and backward-compatible DB migrations.
""")
a(K,'en','backend',2,'partially_wrong',"""
I use a rolling update with maxSurge 1 and maxUnavailable 0, and a readiness probe so new pods only get traffic once they're ready. On shutdown the app handles SIGTERM and drains connections, with a small preStop sleep. I set requests and limits and a PodDisruptionBudget. For liveness, I make the endpoint check all critical dependencies - the database, Redis and the downstream APIs - because if the database is unreachable the pod is useless anyway, and restarting it is the fastest way to recover.
""")
a(K,'en','backend',1,'keyword_list',"""
Deployment, RollingUpdate, readiness probe, liveness probe, HPA, PDB, resource limits, Helm, Ingress.
""")
a(K,'en','backend',3,'other_language',"""
무중단 배포는 RollingUpdate에 maxUnavailable 0으로 두고, readiness probe가 통과해야만 트래픽이 가게 합니다. liveness는 프로세스가 멈췄는지만 보게 단순하게 두고 DB 같은 외부 의존성은 절대 안 넣습니다. 종료할 때는 엔드포인트 제거가 전파되는 시간 동안 preStop으로 몇 초 기다리고, SIGTERM을 받으면 새 요청은 받지 않고 처리 중인 요청을 마친 뒤 종료하게 합니다. 그 외에 리소스 requests/limits, PDB, 존 분산을 설정하고, DB 마이그레이션은 구버전과 신버전이 같이 돌아도 되도록 호환되게 나눠서 배포합니다.
""")

K = 'backend-event-sourcing-cqrs'
a(K,'en','backend',4,'normal',"""
Event sourcing means the source of truth is an append-only log of domain events - AccountOpened, MoneyDeposited, MoneyWithdrawn - and current state is derived by replaying them, usually from a snapshot plus the events after it. CQRS is the separate idea of splitting the write side, which validates commands against an aggregate, from one or more read models shaped for queries. They pair well, because the event stream is a natural feed for building projections, but you can do CQRS without event sourcing.
It's worth it when history itself is a requirement: a ledger, an audit trail regulators ask for, "what did this order look like last Tuesday", or when you need many differently shaped views of the same data. I worked on a wallet service where that paid off - disputes were resolved by replaying the stream.
The costs are real. Read models are eventually consistent, so the UI has to cope with "I just deposited and my balance hasn't updated" - we returned the new version from the command and let the client wait for the projection to catch up. Events are forever, so schema changes need versioned events and upcasters. Projections must be idempotent because handlers get events at least once, and rebuilding a projection from hundreds of millions of events takes hours, so you plan for snapshots and parallel rebuilds. GDPR deletion fights immutability; crypto-shredding personal fields is the usual workaround. For a plain CRUD domain I wouldn't use either.
""")
a(K,'en','backend',1,'off_topic_fluent',"""
For event-driven systems the choice of broker matters most. Kafka is a distributed log: partitions give ordering per key and consumers track offsets, so you can replay and scale consumers up to the number of partitions. RabbitMQ is a traditional broker with exchanges and queues, great for routing and per-message acknowledgements but messages are gone once consumed. For high-throughput streams I'd pick Kafka, and for task queues with complex routing, RabbitMQ. In either case consumers should be idempotent and you need a dead-letter queue for poison messages.
""")
a(K,'en','backend',1,'confidently_wrong',"""
CQRS and event sourcing are basically the same pattern - you can't do CQRS without storing events. In event sourcing the events are put on a queue, applied to the database row, and then deleted, which keeps storage small. The read model is updated in the same database transaction as the write, so reads are always strongly consistent, which is the main advantage over a normal design. It's worth using on pretty much any new service, even simple CRUD, because it makes it scale horizontally for free.
""")
a(K,'en','backend',3,'short_precise',"""
Event sourcing stores every change as an immutable event and derives state by replaying them; CQRS separates the command/write model from query-optimised read models, which are usually updated asynchronously. It's worth it when you need a full audit trail or many different views - a ledger, say - and you pay with eventual consistency, event versioning and projection rebuilds.
""")
a(K,'en','backend',1,'restated_question',"""
Event sourcing and CQRS are architectural patterns. They're worth their complexity in some cases but not in others, so you have to weigh the complexity against the benefits. In terms of problems, there are definitely problems you can run into with them, and you'd want to be prepared for those problems before adopting them.
""")
a(K,'en','backend',3,'other_language',"""
이벤트 소싱은 현재 상태 대신 "무슨 일이 있었는지"를 이벤트로 append-only로 저장하고, 상태는 이벤트를 재생해서 만드는 방식입니다. CQRS는 쓰기 모델과 조회 모델을 분리하는 거고, 이벤트 소싱 없이도 쓸 수 있습니다. 감사 이력이 필수인 정산·원장 같은 도메인이나 같은 데이터를 여러 형태로 조회해야 할 때 가치가 있습니다. 대신 조회 모델이 비동기로 갱신돼서 결과적 일관성을 UI에서 감당해야 하고, 이벤트 스키마가 바뀌면 버전 관리와 업캐스팅이 필요하고, 프로젝션 재구축이 오래 걸린다는 문제가 있습니다.
""")

K = 'frontend-build-tooling'
a(K,'en','frontend',4,'normal',"""
A bundler starts from entry points, follows imports to build a module graph, runs transforms on each module - TypeScript, JSX, CSS modules, via esbuild, SWC or Babel - and emits a small number of optimised chunks: tree-shaken, minified, split at dynamic import() boundaries, with assets fingerprinted. Vite's trick is that in dev it doesn't bundle your code at all: it serves native ES modules and only pre-bundles dependencies with esbuild, so startup and HMR stay fast; for production it bundles with Rollup (Rolldown in newer versions).
On size, I always measure first with a visualiser. On one project the main bundle was 1.4 MB; the biggest wins were moment.js with all locales (swapped for date-fns), a charting library loaded on every page (moved behind a route-level dynamic import), and lodash imported as a whole. We also fixed barrel files that defeated tree shaking, set "sideEffects": false in our own packages, and raised the browser target so we stopped shipping polyfills for ES2017. It went to about 450 KB for the initial route.
For caching: every built asset gets a content hash in its name and is served with Cache-Control: public, max-age=31536000, immutable, while index.html is no-cache so users pick up new hashes immediately. I keep rarely-changing vendor code in its own chunk so a one-line app change doesn't invalidate the vendor download, and make sure chunk hashes are deterministic so unrelated chunks don't churn between builds.
""")
a(K,'en','frontend',2,'partially_wrong',"""
It resolves the import graph, transpiles TS and JSX, tree-shakes unused exports, minifies, and splits code into chunks at dynamic imports. Vite uses native ESM in development and Rollup for production builds. To shrink bundles I use the bundle analyzer, lazy-load routes, and replace heavy libraries. For caching I put content hashes in filenames, and I set Cache-Control max-age one year, immutable, on everything including index.html, so returning users load the whole app from cache without any network request.
""")
a(K,'en','frontend',1,'confidently_wrong',"""
Vite is faster than webpack because it's written in Go and bundles everything into one file up front, even in development. Tree shaking works best with CommonJS require calls, because they are resolved statically, so I convert ES module imports to require for better results. For caching, I avoid content hashes in file names because the name changes on every build and that breaks the browser cache; instead I keep fixed names like main.js and set a short max-age.
""")
a(K,'en','frontend',3,'filler_heavy_correct',"""
Um, so basically it takes your entry file, follows all the imports, and, like, turns it into a few optimised files the browser can load - transpiling TS and JSX, removing unused exports, minifying. Vite, you know, in dev just serves native ES modules so it's super fast, and uses Rollup for the production build. What I've done, um, is run the bundle analyzer, and we found like a huge date library with every locale, so we swapped it, and we lazy-loaded the admin pages with dynamic import. For caching, the files get a content hash in the name so we can cache them basically forever, and the HTML itself isn't cached, so a deploy gets picked up right away.
""")
a(K,'en','frontend',1,'keyword_list',"""
Tree shaking, code splitting, minification, lazy loading, content hash, CDN, gzip, Brotli, webpack-bundle-analyzer.
""")

K = 'frontend-pwa-offline'
a(K,'en','frontend',4,'other_language',"""
서비스 워커는 페이지와 네트워크 사이에 있는 프록시라고 보면 됩니다. 메인 스레드와 별개로 돌고 DOM에는 접근 못 하지만 fetch 이벤트를 가로채서 캐시로 응답할지 네트워크로 갈지 결정할 수 있고, HTTPS에서만 동작합니다.
전략은 리소스 종류별로 다르게 갑니다. 먼저 install 단계에서 앱 셸, 즉 HTML 뼈대와 해시된 JS/CSS를 Workbox로 precache해서 오프라인에서도 앱이 뜨게 합니다. 해시된 정적 파일은 내용이 안 바뀌니 cache-first, 페이지 내비게이션은 network-first에 타임아웃을 3초 정도 걸고 실패하면 캐시된 셸로, 상품 목록처럼 조금 오래돼도 되는 API는 stale-while-revalidate, 결제처럼 최신이어야 하는 건 network-only로 두고 실패하면 명확히 알려 줍니다.
데이터는 Cache Storage보다는 IndexedDB에 구조화해서 저장하고, 오프라인에서 사용자가 한 쓰기는 outbox 큐에 쌓았다가 온라인이 되면 보냅니다. Background Sync는 크로미움 계열에서만 되고 사파리는 지원하지 않아서, 앱을 열 때나 online 이벤트 때 큐를 비우는 폴백이 꼭 필요하고, 재전송 때문에 중복이 생기지 않게 요청마다 idempotency key를 붙입니다. 충돌은 서버 버전 번호로 감지해서 사용자에게 보여 주고요.
마지막으로 업데이트 문제: 새 서비스 워커는 기존 탭이 다 닫힐 때까지 waiting 상태라서 "새 버전이 있어요, 새로고침" 안내를 띄우고, activate 단계에서 이전 버전 캐시를 지웁니다. iOS는 저장 공간이 쉽게 정리될 수 있어서 캐시가 항상 있다고 가정하면 안 됩니다.
""")
a(K,'en','frontend',1,'confidently_wrong',"""
A service worker is a script that runs on the main thread alongside your app, so it can directly update the DOM to show an offline banner when the network drops. For storage I'd use localStorage since it's accessible from the service worker and has no size limits. The best strategy is cache-first for everything, including API responses and the HTML, because that gives you the fastest load and the service worker will automatically refresh the cache in the background. Service workers also work over plain HTTP, so you can test on any environment.
""")
a(K,'en','frontend',3,'short_precise',"""
The service worker sits between the page and the network and intercepts fetches: precache the app shell on install, serve hashed static assets cache-first, navigations network-first with a cache fallback, tolerant API data stale-while-revalidate. Offline writes go into an IndexedDB outbox with idempotency keys and are replayed when the connection returns, and a new worker version prompts the user to reload.
""")
a(K,'en','frontend',2,'partially_wrong',"""
I'd register a service worker and use Workbox. On install it precaches the app shell, and then per route: cache-first for versioned static files, network-first for HTML with a cached fallback, stale-while-revalidate for API data that can be a bit old. User data goes into IndexedDB. For writes made offline, I queue them and rely on the Background Sync API, which is supported in all major browsers including Safari on iOS, so the browser will always deliver the queued requests once the network comes back - there's no need for extra retry logic in the app.
""")
a(K,'en','frontend',1,'off_topic_fluent',"""
On unreliable networks, protocol choice matters a lot. HTTP/2 multiplexes many requests over a single TCP connection, which removes the six-connections-per-host limit, but it still suffers from TCP head-of-line blocking: one lost packet stalls every stream. HTTP/3 runs over QUIC on UDP, so loss on one stream doesn't block the others, and connection migration lets a phone move from Wi-Fi to LTE without a new handshake. Enabling HTTP/3 on the CDN is often the cheapest performance win for mobile users.
""")

K = 'mobile-crash-monitoring'
a(K,'en','mobile',4,'normal',"""
We use Crashlytics (Sentry works similarly), and the first thing is making the reports readable: the CI pipeline uploads dSYMs for iOS and the R8 mapping file for Android on every release build, otherwise you get unsymbolicated addresses. I track crash-free users and crash-free sessions per version, plus ANR rate on Android from Play Console vitals, because Play penalises visibility above its bad-behaviour thresholds. On iOS some terminations never reach a crash reporter - watchdog kills, out-of-memory - so we also look at MetricKit diagnostics.
When a report comes in, I triage by impact: how many users, is it new in this release, is it trending up. A new top crash in a release that's on a staged rollout means I pause the rollout first, then investigate. Then I read the stack trace together with breadcrumbs and custom keys - screen, feature flags, account state - to find the pattern, try to reproduce on the same OS/device, and fix with a regression test. If the crash is in a feature behind a remote flag, switching the flag off is faster than a hotfix that needs review. Afterwards I add an alert on crash velocity so the next one pages us within an hour instead of when someone reads the reviews.
""")
a(K,'en','mobile',1,'restated_question',"""
Monitoring crashes and stability in production is really important. I'd make sure we have crash monitoring in place for the app, and when a crash report comes in, I'd go through the steps to handle it - look at the crash report, take the appropriate steps, and make sure it's resolved so the app stays stable.
""")
a(K,'en','mobile',3,'short_precise',"""
Crashlytics with dSYMs and R8 mappings uploaded from CI, watching crash-free users and ANR rate per release. For a new crash: check how many users and whether it's a regression, pause the staged rollout or flip the feature flag if it's serious, then use the stack trace and breadcrumbs to reproduce, fix and add a test.
""")
a(K,'en','mobile',2,'confidently_wrong',"""
I use Firebase Crashlytics. A nice thing on iOS is that Crashlytics symbolicates automatically from the app binary, so you don't need to upload dSYM files, and on Android the obfuscated R8 stack traces are decoded by Google Play for you, so no mapping upload is required either. The main metric I watch is the total number of crashes per day. When a new crash appears I look at the stack trace, reproduce it, fix it and ship a hotfix.
""")
a(K,'en','mobile',3,'filler_heavy_correct',"""
Uh, so we had Crashlytics, and, like, the key thing is the symbol files - the dSYMs and the Android mapping file get uploaded from CI or else the stack traces are just garbage. We watched crash-free users per version. When something came in, um, I'd first check like, is this new in the latest release and how many people hit it, and if it was bad we'd halt the staged rollout. Then look at the breadcrumbs, you know, what screen they were on, reproduce, fix, and add a test so it doesn't come back.
""")

K = 'mobile-in-app-purchases'
a(K,'en','mobile',4,'normal',"""
Client side I'd use StoreKit 2 on iOS and Play Billing Library on Android, ideally behind one interface in the app. The important design decision is that the server owns entitlements, not the device.
Flow: when a purchase completes, the app sends the transaction to our backend - on iOS the signed JWS transaction, on Android the purchase token. The backend verifies it with Apple's App Store Server API and Google's Play Developer API, links it to our user account (appAccountToken on iOS, obfuscatedAccountId on Android, so a purchase can't be claimed by someone else), and stores the subscription record. On Android we must acknowledge the purchase within three days or Google refunds it automatically, so the backend acknowledges after granting.
After that, the backend listens to App Store Server Notifications V2 and Google's Real-time Developer Notifications through Pub/Sub, because most lifecycle events happen without the app open: renewals, billing retry and grace period, cancellation of auto-renew, refunds and revocations, upgrades and downgrades. Notifications can be duplicated or out of order, so handlers are idempotent and re-fetch the latest state from the store API rather than trusting the notification payload. Entitlement is then computed from that state - active, in grace period, expired - and the app just asks our API "what can this user access", caching it briefly offline. Plus a restore-purchases path, and a nightly reconciliation job against the store APIs to catch missed notifications.
""")
a(K,'en','mobile',1,'confidently_wrong',"""
It's actually simpler than people think. When the purchase succeeds on the device, StoreKit or Play Billing has already verified it, so I just set an isPremium flag in UserDefaults or SharedPreferences and unlock the features. For renewals, the app checks the purchase date and adds 30 days locally. If we want a server check on iOS, the verifyReceipt endpoint is the recommended modern way, and on Android purchases are final once the billing flow returns OK - nothing else needs to be done.
""")
a(K,'en','mobile',2,'partially_wrong',"""
I verify every purchase on our backend - the JWS transaction from StoreKit 2 and the purchase token from Play Billing - against Apple's and Google's server APIs, and I store entitlements server-side keyed by our user ID. The backend subscribes to App Store Server Notifications and Google's real-time developer notifications to handle renewals, cancellations and refunds, and the app queries our API for entitlements. On Android there's no need to acknowledge purchases - Google acknowledges them automatically when the billing flow finishes - so we just record them.
""")
a(K,'en','mobile',1,'keyword_list',"""
StoreKit 2, Google Play Billing, receipt validation, server notifications, RevenueCat, entitlement, grace period, restore purchases.
""")
a(K,'en','mobile',3,'other_language',"""
구독은 iOS는 StoreKit 2, 안드로이드는 Play Billing으로 구매를 받고, 검증과 권한 판단은 전부 서버에서 합니다. 앱이 서명된 트랜잭션이나 구매 토큰을 서버로 보내면 서버가 애플·구글 서버 API로 확인하고 우리 계정에 연결해서 저장합니다. 안드로이드는 3일 안에 acknowledge하지 않으면 자동 환불되니까 서버에서 확인 후 처리하고요. 갱신, 해지, 환불, 유예 기간은 앱이 안 켜져 있어도 일어나니까 App Store Server Notifications와 구글 RTDN을 받아서 상태를 갱신하고, 앱은 서버에 "이 사용자 지금 권한 있나"만 물어봅니다.
""")

K = 'data-ai-lakehouse-table-formats'
a(K,'en','data_ai',4,'filler_heavy_correct',"""
Okay so, um, with plain Parquet in S3 the "table" is really just a directory of files, and that causes a bunch of problems. Like, there's no atomic commit - if a job writes half its files and dies, readers see half the data. Two writers can clobber each other. Listing thousands of files on object storage is slow. And if you need to delete or update a row - GDPR, CDC merges - you rewrite whole partitions by hand. Schema changes are, you know, kind of a gentleman's agreement.
Table formats add a metadata layer on top of the same Parquet files. Delta has a transaction log, Iceberg has snapshots pointing at manifest files, and a commit is an atomic swap of that pointer, with optimistic concurrency for multiple writers. So you get ACID, snapshot isolation - readers see a consistent version - and time travel to old snapshots. The metadata keeps per-file stats, min/max and so on, so engines skip files without listing directories. Iceberg also tracks columns by ID so renames and adds are safe, and has hidden partitioning, so you can, um, change the partition scheme later without rewriting old data or changing queries. And MERGE/UPDATE/DELETE work, either copy-on-write or merge-on-read with delete files.
The catch is maintenance: small files from streaming need compaction, and old snapshots need expiring or storage just grows.
""")
a(K,'en','data_ai',1,'confidently_wrong',"""
Iceberg and Delta are new file formats that replace Parquet. Parquet is columnar, which is slow for updates, so Iceberg stores data in a row-oriented format, which makes updates and deletes fast. They are also query engines, like Spark or Trino, so you don't need a separate engine to read them. The main benefit is compression: Iceberg files are typically much smaller than Parquet.
""")
a(K,'en','data_ai',3,'short_precise',"""
They add a transactional metadata layer over the Parquet files: atomic commits and snapshot isolation instead of readers seeing half-written directories, safe concurrent writers, row-level MERGE/UPDATE/DELETE, schema evolution, time travel, and file-level statistics for pruning without slow directory listings - at the cost of compaction and snapshot-expiry maintenance.
""")
a(K,'en','data_ai',1,'off_topic_fluent',"""
Choosing a file format depends on the access pattern. CSV is human readable but has no types and compresses poorly. Avro is row-oriented with an embedded schema, which makes it good for streaming and Kafka messages where you write whole records. Parquet and ORC are columnar: they store each column together, which gives great compression and lets analytical queries read only the columns they need. For analytics I'd almost always choose Parquet with Snappy or Zstd compression.
""")
a(K,'en','data_ai',2,'partially_wrong',"""
Plain Parquet has no transactions, so a failed job can leave partial data, and concurrent writers can corrupt a table. Delta and Iceberg add a transaction log or snapshot metadata, giving ACID commits, schema evolution, MERGE and DELETE, and faster planning using file statistics. Another big feature is time travel: every snapshot is kept forever and it costs nothing extra, because old snapshots only store pointers, so you never need to run any cleanup or compaction on these tables.
""")

K = 'data-ai-gpu-cost-tradeoffs'
a(K,'en','data_ai',4,'normal',"""
I'd start from memory, because it decides the hardware. Weights are parameters times bytes per parameter: a 70B model in FP16 is about 140 GB, so it needs at least two 80 GB GPUs; at 4-bit it's roughly 35-40 GB and fits on one, with some quality loss I'd measure on our own eval set. Then the KV cache, which people underestimate: per token it's 2 (K and V) × layers × KV heads × head dim × bytes. For a Llama-3-70B-style model with 80 layers, 8 KV heads via GQA and head dim 128 in FP16, that's about 320 KB per token, so 32 concurrent requests at 8K context is around 80 GB of KV cache on top of the weights. That's why concurrency and context length drive the GPU count as much as the model size does.
For cost, the API is priced per token, self-hosting per GPU-hour whether you use it or not. So I'd estimate our real traffic - tokens in and out per day and its peak-to-average ratio - and the throughput one node gives with vLLM-style continuous batching, then compare cost per million tokens at realistic utilisation, not peak. Self-hosting usually only wins at high, steady volume, or when data can't leave our environment, and I'd add the engineers and on-call time to its side.
Latency splits into time to first token and tokens per second per user. Bigger batches raise throughput and cut cost per token but make each user's generation slower, so the SLO sets the batch size. APIs can have variable latency and rate limits; self-hosting gives control but you own capacity for spikes. I'd usually start on an API, measure, and revisit self-hosting when volume or privacy justifies it.
""")
a(K,'en','data_ai',1,'confidently_wrong',"""
The rule of thumb is one gigabyte of GPU memory per billion parameters in FP16, so a 70B model needs about 70 GB and fits on a single 80 GB card with room to spare. The KV cache is negligible compared to the weights, so you can ignore it. Batching more requests together lowers the latency for each user because the GPU is used more efficiently. And self-hosting is always cheaper than an API once you have any meaningful traffic, because you don't pay per token.
""")
a(K,'en','data_ai',2,'partially_wrong',"""
Weights first: parameters times bytes, so 7B in FP16 is about 14 GB, 70B about 140 GB, and quantising to 4-bit cuts that by roughly four. Then I compare cost per million tokens: API pricing versus GPU-hours divided by the throughput we'd actually achieve, which depends heavily on utilisation and batching - idle GPUs are the killer. For memory headroom I'd add the KV cache, which is a fixed overhead per model of a couple of gigabytes regardless of context length or how many requests you batch, so once the weights fit you're basically fine. Latency-wise, self-hosting gives more control over time-to-first-token.
""")
a(K,'en','data_ai',3,'short_precise',"""
Memory is weights (params × bytes: ~140 GB for 70B in FP16, ~35-40 GB at 4-bit) plus KV cache, which grows with context length × concurrent requests and often rivals the weights. Then compare cost per token at realistic GPU utilisation against API pricing, noting that larger batches cut cost but raise per-user latency; self-hosting pays off mainly at high steady volume or for data-residency reasons.
""")
a(K,'en','data_ai',1,'restated_question',"""
To decide between self-hosting an open-weight LLM and an external API, I'd estimate the GPU memory we'd need and then analyse the cost and latency trade-offs of both options. Based on that analysis of memory, cost and latency, we could make the decision that best fits our needs.
""")

K = 'devops-kubernetes-cluster-upgrades'
a(K,'en','devops',4,'normal',"""
Preparation is most of the work. I read the changelog for the target version and, most importantly, find removed APIs: tools like pluto or kubent scan manifests and Helm releases, and the API server's deprecated-API request metrics and audit logs show what clients still call them. Then I check compatibility of everything that runs in the cluster - on EKS the managed add-ons (VPC CNI, CoreDNS, kube-proxy), plus ingress controller, cert-manager, Karpenter, the autoscaler, service mesh - and bump those first if needed.
The upgrade itself: EKS upgrades the control plane one minor version at a time, so 1.29 to 1.31 is two upgrades. Control plane first, always; kubelets may lag the API server (up to three minor versions since 1.28) but must never be newer. Then nodes: either rolling the managed node groups, or creating a new node group and draining the old one, which is my preference because rollback is just moving pods back. PodDisruptionBudgets and enough replicas make drains safe - and a PDB with maxUnavailable 0 will block the drain, so I check for those beforehand. Everything goes through dev and staging clusters first, with the same IaC.
Keeping up: Kubernetes ships about three minors a year and EKS gives roughly 14 months of standard support, after which extended support costs extra. So we treat it as a scheduled quarterly task with a runbook and automation rather than a project, never falling more than one version behind.
""")
a(K,'en','devops',1,'confidently_wrong',"""
With EKS you can jump straight from, say, 1.24 to 1.29 in one step, AWS handles the intermediate versions. I upgrade the worker nodes first and then the control plane, because the kubelet needs to be newer than the API server to talk to it. Deprecated APIs are not a concern since the API server automatically converts old manifests to the new versions forever. Kubernetes releases are supported for about five years, so there's no rush to upgrade three times a year.
""")
a(K,'en','devops',3,'filler_heavy_correct',"""
Um, so first thing, I check what APIs are removed in the new version - we use pluto for that, because, like, if some Helm chart still uses a removed API version it just breaks. Then check add-ons, you know, CNI, CoreDNS, the ingress controller, are they compatible. Then upgrade dev cluster, staging, then prod. On EKS it's control plane first, one minor version at a time, and then nodes - we usually make a new node group and drain the old one, and, uh, the PDBs keep enough pods up during the drain. To keep up we just put it on the calendar every quarter so we're never more than one version behind.
""")
a(K,'en','devops',2,'partially_wrong',"""
I scan for deprecated and removed APIs with pluto, check add-on compatibility, and test the upgrade in staging first. I upgrade one minor version at a time. The order is worker nodes first - I roll new node groups on the new version and drain the old ones with PDBs in place - and once all kubelets are on the new version, I upgrade the control plane. To keep up with three releases a year we schedule upgrades quarterly and automate them through Terraform.
""")
a(K,'en','devops',1,'keyword_list',"""
eksctl, Terraform, pluto, kubent, PDB, drain, cordon, node groups, Karpenter, release notes.
""")

K = 'devops-service-mesh'
a(K,'en','devops',4,'other_language',"""
서비스 메시는 서비스가 수십 개 이상이고 언어도 여러 개라서, mTLS, 재시도·타임아웃, 카나리 트래픽 분할, 서비스 간 골든 메트릭을 각 팀 라이브러리가 아니라 인프라 층에서 일관되게 해야 할 때 가치가 있습니다. 특히 규제 때문에 모든 서비스 간 통신을 암호화하고 신원 기반으로 허용해야 하는 경우가 대표적이고요. 서비스가 몇 개 안 되거나 mTLS만 필요하면 메시 없이도 충분할 수 있습니다.
비용은 리소스와 운영 복잡도입니다. 사이드카 방식은 파드마다 Envoy 같은 프록시가 붙어서, 파드 수천 개면 CPU와 메모리 합이 상당하고, 홉마다 지연이 조금씩 붙고, 메시 업그레이드하려면 모든 파드를 재시작해야 하고, 사이드카가 앱보다 늦게 뜨거나 먼저 죽는 시작·종료 순서 문제, Job이 안 끝나는 문제 같은 것들을 겪게 됩니다. 장애가 났을 때 앱 문제인지 프록시 설정 문제인지 가리는 디버깅 난도도 올라가고요.
앰비언트는 Istio의 사이드카 없는 방식인데, 노드마다 ztunnel이 L4를 맡아서 mTLS와 L4 권한 정책, 텔레메트리를 처리하고, HTTP 라우팅이나 재시도, L7 정책 같은 게 필요한 서비스에만 waypoint 프록시를 따로 둡니다. 그래서 리소스가 훨씬 적고 앱 파드를 재시작하지 않고 메시에 넣고 업그레이드할 수 있습니다. 대신 L7 기능은 waypoint를 거쳐야 하고, 노드 단위 컴포넌트라 장애 범위가 노드 전체에 걸친다는 점, 상대적으로 새로운 방식이라 운영 경험이 적다는 점이 트레이드오프입니다.
""")
a(K,'en','devops',1,'confidently_wrong',"""
A service mesh is basically a replacement for your ingress controller and API gateway - it handles traffic coming in from the internet. The sidecar runs inside the application process as a library, so there's no real resource overhead. The ambient mode is the newer design where Istio drops mTLS to make things faster, so you'd only use ambient when you don't need encryption between services. You should adopt a mesh as soon as you have more than two or three services.
""")
a(K,'en','devops',3,'short_precise',"""
Worth it when many services in several languages need uniform mTLS, L7 traffic policy and per-hop telemetry; the cost is proxy CPU/memory, extra latency and a complex control plane to operate. Sidecar mode puts a proxy in every pod; ambient uses a per-node ztunnel for L4 mTLS and optional waypoint proxies only where L7 features are needed, so it's cheaper and upgrades don't restart app pods.
""")
a(K,'en','devops',1,'off_topic_fluent',"""
Kubernetes offers several Service types. ClusterIP gives a stable virtual IP reachable only inside the cluster, and kube-proxy programs iptables or IPVS rules to spread traffic across the endpoints. NodePort opens the same port on every node, and LoadBalancer asks the cloud provider to create an external load balancer that forwards to those node ports. Headless services with clusterIP: None return the pod IPs directly through DNS, which is handy for StatefulSets like databases.
""")
a(K,'en','devops',2,'partially_wrong',"""
A mesh makes sense when you have lots of services and need mTLS, retries, timeouts and traffic splitting consistently without changing app code, and the price is extra latency, resource usage and operational complexity. In sidecar mode every pod gets an Envoy proxy injected. In ambient mode there are no sidecars; a ztunnel on each node handles everything, including HTTP routing, retries and header-based canaries, so waypoint proxies are only an optional add-on for extra observability.
""")
