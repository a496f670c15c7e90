A = []
def a(k, lang, pos, t, c, text, q=None):
    A.append(dict(k=k, lang=lang, pos=pos, t=t, c=c, a=text, q=q))

K = 'behavioral-proudest-project'
a(K,'ko','behavioral',4,'concrete_star',"""
작년에 했던 정산 배치 재작성 프로젝트입니다. 당시 가맹점 정산 배치가 매일 새벽 2시에 시작해서 6시간 정도 걸렸는데, 데이터가 많은 날은 오전 9시를 넘겨서 재무팀이 수기로 정산표를 맞추는 일이 한 달에 서너 번씩 있었습니다. 제가 이 작업의 리드를 맡았고, 목표는 분기 안에 2시간 이내로 줄이고 실패해도 안전하게 재실행할 수 있게 만드는 거였습니다.
제가 직접 한 일은 세 가지입니다. 먼저 프로파일링을 해 보니 가맹점마다 거래를 한 건씩 조회하는 N+1 쿼리와 단일 스레드 처리 때문에 시간이 대부분 쓰이고 있어서, 가맹점 ID로 파티셔닝해서 병렬 처리하고 조회를 벌크로 바꿨습니다. 둘째, 중간에 죽으면 처음부터 다시 돌려야 했던 구조를 파티션 단위 체크포인트와 멱등 키로 바꿔서 실패한 파티션만 재실행되게 했습니다. 셋째, 돈이 걸린 일이라 3주 동안 새 배치를 구버전과 나란히 돌리면서 가맹점별 결과를 자동으로 diff했고, 그 과정에서 반올림 처리 차이 두 건을 찾아 재무팀과 기준을 정했습니다.
결과적으로 배치 시간이 6시간에서 50분으로 줄었고, 이후 6개월간 지연 건수가 0건, 재무팀 수작업이 주 10시간 정도 없어졌습니다. 제일 자랑스러운 건 속도보다, 섀도우 런으로 돈 계산을 바꾸면서도 사고 없이 전환했다는 점입니다.
""")
a(K,'ko','behavioral',3,'concrete_star',"""
사내 어드민의 검색 페이지를 개선한 프로젝트요. CS팀이 고객 주문을 찾는 데 검색 한 번에 10초 넘게 걸려서 상담 시간이 길어지는 게 문제였습니다. 제가 맡아서 느린 쿼리를 분석해 보니 LIKE '%...%' 검색 때문에 인덱스를 못 타고 있어서, 주문번호·전화번호는 정확 일치 검색으로 분리하고 이름 검색은 Elasticsearch로 옮겼습니다. 그 결과 검색이 대부분 1초 안에 끝나게 됐고 CS팀에서 상담 처리 시간이 줄었다는 피드백을 받았습니다. 규모는 작았지만 사용자 문제를 직접 듣고 끝까지 해결했던 게 자랑스럽습니다.
""")
a(K,'ko','behavioral',1,'vague_behavioral',"""
저는 팀원들과 함께 협력해서 성공적으로 마무리한 프로젝트들이 모두 자랑스럽습니다. 어려운 순간도 많았지만 포기하지 않고 끝까지 최선을 다했고, 그 과정에서 소통의 중요성을 많이 배웠습니다. 저는 항상 책임감을 가지고 맡은 일을 하는 편이라 팀에 긍정적인 영향을 줬다고 생각합니다.
""")
a(K,'ko','behavioral',2,'vague_behavioral',"""
쇼핑몰 리뉴얼 프로젝트가 기억에 남습니다. 저는 프론트엔드 쪽을 맡아서 React랑 TypeScript로 여러 화면을 개발했고, 디자이너분들, 백엔드 개발자분들과 협업을 많이 했습니다. 일정이 빠듯했는데 다들 열심히 해서 무사히 오픈했고, 오픈 후 반응도 괜찮았습니다. 개인적으로 기술적으로 많이 성장할 수 있었던 프로젝트라 자랑스럽습니다.
""")
a(K,'ko','behavioral',1,'off_topic_fluent',"""
제가 개발자가 된 계기를 말씀드리면, 대학교 때 동아리에서 학교 식당 메뉴를 알려 주는 챗봇을 만들어 본 게 시작이었습니다. 제가 만든 걸 친구들이 매일 쓰는 걸 보면서 코드로 사람들의 불편을 줄일 수 있다는 게 정말 매력적으로 느껴졌고, 그때부터 전공 수업 외에도 알고리즘 스터디와 오픈소스 기여를 꾸준히 해 왔습니다. 그래서 지금도 사용자에게 실제로 가치를 주는 개발자가 되는 게 제 목표입니다.
""")
a(K,'ko','behavioral',3,'other_language',"""
The one I'm proudest of is migrating our push notification sender off a single cron server. It sent about 3 million pushes a day, and when that box died we silently lost a whole campaign. I designed and built the replacement myself: a queue-based sender with workers that retry with backoff, a dedup key per message so retries don't double-send, and a dashboard of delivery rates per campaign. After the switch we had no lost campaigns over the next year, and send time for a full campaign went from about 40 minutes to under 10.
""")

K = 'behavioral-ethical-dilemma'
a(K,'ko','behavioral',4,'concrete_star',"""
네, 있습니다. 이전 회사에서 마케팅팀이 재가입 유도 캠페인을 하겠다고, 탈퇴한 회원들의 이메일 목록을 뽑아 달라는 요청을 데이터팀으로 보냈고 그게 저한테 배정됐습니다. 기술적으로는 soft delete라 쿼리 한 줄이면 뽑을 수 있었는데, 탈퇴 회원 정보는 보관 사유가 있는 항목 외에는 파기해야 하고, 마케팅 이용은 동의 범위 밖이라 문제가 된다고 판단했습니다.
바로 "안 됩니다"로 끝내기보다, 먼저 사내 개인정보 보호 담당자에게 제 판단이 맞는지 확인했고, 법무팀 의견까지 메일로 받아서 근거를 정리했습니다. 그다음 마케팅 담당자와 직접 만나서 왜 안 되는지 설명하고, 대신 목표가 "이탈 고객 복귀"라면 마케팅 수신 동의를 유지한 휴면 회원 대상으로 캠페인을 하자는 대안을 드렸습니다. 또 이 일을 계기로 soft delete된 탈퇴 회원의 개인정보가 실제로는 남아 있다는 문제를 이슈로 올려서, 탈퇴 후 보관 기간이 지나면 개인정보 컬럼을 파기하는 배치를 제가 만들었습니다.
결과적으로 원래 요청은 철회됐고, 휴면 회원 캠페인은 예상보다 복귀율이 괜찮게 나왔습니다. 그리고 데이터 추출 요청서에 "개인정보 포함 여부와 이용 목적" 항목이 추가돼서, 이후 비슷한 요청은 담당자 검토를 먼저 거치게 됐습니다.
""")
a(K,'ko','behavioral',1,'vague_behavioral',"""
저는 항상 원칙을 지키는 것을 중요하게 생각합니다. 옳지 않다고 느끼는 요청을 받으면 저는 솔직하게 제 의견을 말씀드리고, 아무리 윗사람의 요청이라도 원칙에 어긋나는 일은 하지 않습니다. 회사의 장기적인 신뢰가 단기적인 성과보다 더 중요하다고 생각하기 때문입니다.
""")
a(K,'ko','behavioral',2,'vague_behavioral',"""
일정이 너무 급해서 테스트를 생략하고 배포하자는 요청을 받은 적이 있습니다. 저는 그게 위험하다고 생각해서 팀장님께 말씀드렸고, 대화를 통해 잘 조율해서 결과적으로 문제없이 마무리됐습니다. 그때 무조건 따르기보다 제 의견을 말하는 게 중요하다는 걸 느꼈습니다.
""")
a(K,'ko','behavioral',3,'concrete_star',"""
분기 리뷰 준비할 때였는데, 제가 분석한 추천 알고리즘 A/B 테스트 결과가 전체적으로는 유의미한 차이가 없었습니다. 그런데 팀 리드가 임원 보고용으로 효과가 좋게 나온 2주 구간과 특정 세그먼트만 잘라서 "전환율 12% 상승"으로 쓰자고 했어요. 저는 그게 사실상 결과를 왜곡하는 거라 불편했습니다.
그래서 그 자리에서 반박하기보다, 전체 기간 결과와 세그먼트 결과를 같이 넣은 버전을 만들어서 리드에게 따로 보여 드렸고, 구간을 골라내면 나중에 실제 지표랑 안 맞아서 팀 신뢰가 더 떨어질 수 있다고 설명했습니다. 대신 세그먼트 효과는 "가설"로 제시하고 후속 실험을 제안하자고 했습니다. 리드가 받아들여서 보고서는 그렇게 나갔고, 후속 실험은 다음 분기에 진행됐습니다.
""")
a(K,'ko','behavioral',1,'restated_question',"""
업무를 하다 보면 옳지 않다고 느끼는 요청을 받거나 윤리적으로 고민되는 상황에 놓일 수 있다고 생각합니다. 그런 상황에서는 어떻게 판단하고 행동할지가 중요한데, 저는 그럴 때 잘 판단해서 옳은 방향으로 행동하려고 합니다.
""")

K = 'behavioral-remote-collaboration'
a(K,'ko','behavioral',4,'concrete_star',"""
지난 회사에서 결제 SDK 연동을 베를린 팀과 같이 했는데, 서울과 7~8시간 차이가 나서 겹치는 시간이 하루 1~2시간밖에 없었습니다. 처음 한 달은 질문 하나 하면 답이 다음 날 와서, 제 PR이 리뷰를 기다리는 시간이 평균 2.5일이었고 스프린트 목표를 두 번 연속 못 맞췄어요.
제가 서울 쪽 담당자로서 몇 가지를 바꿨습니다. 첫째, 겹치는 시간 중 30분을 고정 싱크로 잡고 그 시간엔 결정이 필요한 것만 다뤘습니다. 둘째, 나머지는 비동기로 돌리기 위해 설계 결정은 짧은 RFC 문서로 쓰고 댓글로 합의하게 했습니다. 셋째, 퇴근 전에 "오늘 한 것 / 막힌 것 / 상대 팀이 해 줘야 할 것"을 핸드오프 노트로 남겨서 상대가 출근하자마자 바로 이어받게 했고, PR 템플릿에 재현 방법과 테스트 방법을 넣어서 질문 왕복을 줄였습니다. 리뷰는 서로 업무 시작 후 4시간 안에 본다는 약속도 정했고요.
두 달쯤 지나 리뷰 대기가 평균 0.8일로 줄었고, 연동은 원래 일정대로 출시했습니다. 핸드오프 노트 방식은 이후 다른 해외 협업 프로젝트에서도 그대로 쓰였습니다.
""")
a(K,'ko','behavioral',1,'vague_behavioral',"""
원격 근무에서는 무엇보다 소통이 가장 중요하다고 생각합니다. 저는 슬랙이나 줌 같은 도구를 적극적으로 활용하고, 평소보다 더 자주, 더 명확하게 소통하려고 노력합니다. 그리고 서로 신뢰하는 문화를 만드는 게 중요하다고 봅니다.
""")
a(K,'ko','behavioral',2,'vague_behavioral',"""
코로나 때 팀 전체가 1년 정도 재택근무를 했습니다. 매일 아침 데일리 스크럼을 화상으로 했고, 필요한 건 슬랙으로 바로바로 물어봤습니다. 처음에는 조금 어색했지만 금방 적응했고, 업무는 큰 문제없이 잘 진행됐습니다. 오히려 출퇴근 시간이 줄어서 집중이 잘 됐던 것 같습니다.
""")
a(K,'ko','behavioral',3,'filler_heavy_correct',"""
음, 저희가 작년에 미국 쪽 파트너사랑, 그러니까 시차가 거의 반나절인 팀이랑 API 연동을 했었는데요. 어, 처음엔 질문 하나 보내면 하루가 그냥 가 버리더라고요. 그래서 뭔가, 제가 질문을 보낼 때 "이렇게 이해했는데 맞으면 A로, 아니면 B로 진행하겠다" 이런 식으로 선택지를 같이 보내기 시작했어요. 그러니까 답이 와도 바로 진행이 되고, 답이 늦어도 일단 A로 가고. 음, 그리고 주 2회 아침 8시에 30분 콜을 잡아서 그때 막힌 것만 풀었고요. 결과적으로 연동이 원래 예상보다 일주일 정도 빨리 끝났어요.
""")
a(K,'ko','behavioral',1,'keyword_list',"""
슬랙, 노션, 지라, 줌, 비동기 커뮤니케이션, 오버커뮤니케이션, 문서화, 코어 타임.
""")
a(K,'ko','behavioral',3,'other_language',"""
At my last job I was the only Seoul engineer on a team based in Vancouver, 16-17 hours apart, so we had almost no overlap. I moved my working hours an hour earlier twice a week for a shared call, and for everything else I wrote short design docs and end-of-day handoff notes listing what I finished, where I was stuck and what I needed from them. That meant they could unblock me during their day and I'd find answers waiting in the morning. Our PR turnaround went from two or three days down to about one, and we delivered the reporting feature on schedule.
""")

K = 'behavioral-inclusive-team'
a(K,'en','behavioral',4,'concrete_star',"""
Last year a junior engineer joined our team fully remote while the other six of us were mostly in the office. In our weekly design reviews the discussion happened around the meeting-room table, and she basically never spoke - but in one-on-ones she'd ask sharp questions, so I knew it wasn't lack of ideas. As the tech lead running those reviews, I felt responsible for the format.
I changed three things. First, every design doc had to be shared 24 hours ahead and comments went in the doc, so people could contribute in writing before the meeting. Second, in the meeting we went round everyone, remote people first, for one comment each. Third, everyone joined from their own laptop, even in the office, so remote wasn't second-class audio. Separately, I paired with her on a review where she'd left a comment suggesting we cache permission checks per request instead of per call; I asked her to present it herself and made sure the team knew it was her idea.
We adopted her change; it cut p95 latency on that endpoint by about 30%. Two months later she led a design review on her own. The written pre-read format stuck, and in our next team survey the "my opinion is heard in design decisions" score rose from 3.1 to 4.2 out of 5, with the biggest jump among remote members.
""")
a(K,'en','behavioral',1,'vague_behavioral',"""
I strongly believe that everyone deserves to be heard, no matter how quiet they are. I always try to be inclusive, listen actively and create a safe environment where people feel comfortable sharing their ideas. Diversity of opinions makes teams stronger, so I make that a priority in everything I do.
""")
a(K,'en','behavioral',2,'vague_behavioral',"""
There was a quiet guy on my previous team who didn't really speak up in meetings. I noticed that and tried to include him more, like asking him what he thought sometimes. Over time he opened up and started contributing more, and I think the team got better because of it.
""")
a(K,'en','behavioral',3,'concrete_star',"""
When a new backend hire joined, I noticed our onboarding was just "read the wiki", and in standups he'd say "still setting up" for days. I set up a daily 20-minute pairing slot with him for his first two weeks, gave him a small real bug on day two instead of docs, and in planning I explicitly asked him for his estimate before the seniors spoke so he wasn't anchored. He shipped his first change in his first week, and he later rewrote our onboarding checklist based on what confused him.
""")
a(K,'en','behavioral',1,'off_topic_fluent',"""
A good example is a disagreement I had with my manager about a deadline. He had committed to a launch date with sales before we had estimated the work, and I thought it was unrealistic. I put together a breakdown of the remaining tasks and the risks and showed him that we'd either need to cut scope or move the date by three weeks. In the end we agreed to drop two lower-priority features and ship on time, and I learned how important it is to bring data rather than opinions to those conversations.
""")
a(K,'en','behavioral',3,'other_language',"""
저희 팀에 말수가 적은 QA 엔지니어분이 있었는데, 회고 때 항상 "특별히 없어요"라고만 하셨어요. 그런데 개별적으로 이야기해 보니 릴리스 직전에 테스트 범위가 계속 바뀌는 것 때문에 힘들어하고 계셨습니다. 그래서 회고를 말로 바로 하는 방식 대신, 회의 전에 익명 보드에 먼저 적고 그걸 같이 보는 방식으로 바꾸자고 제안했습니다. 그 보드에 그분 문제가 여러 사람 공감을 받아서, 릴리스 3일 전 스코프 동결 규칙이 생겼고, 그 뒤로 릴리스 직전 핫픽스가 눈에 띄게 줄었습니다.
""")

K = 'behavioral-interviewing-hiring'
a(K,'en','behavioral',4,'concrete_star',"""
Yes - I've done around forty interview loops over two years, mostly system design and coding, and I was on the debrief panel for our backend hires.
On fairness: every interviewer on a loop owns one competency, we use the same question set per level, and we score against a written rubric with behavioural anchors before reading anyone else's feedback, so the first loud opinion in the debrief doesn't anchor everyone. I also write down evidence - what the candidate actually said or did - rather than impressions like "seemed smart".
The decision I influenced: we had a candidate from a bootcamp background who was quiet and a bit nervous, and two panelists leaned no-hire with "not sure about culture fit". In the debrief I asked each of us to map our concerns to the rubric. When we did, her scores were actually solid on problem solving and strong on debugging; the "culture fit" comments didn't map to any competency. We hired her, and within a year she was one of the people others went to for production debugging.
Afterwards I proposed removing "culture fit" from our scorecard and replacing it with two defined values with examples, and I ran a short calibration session each quarter where interviewers score the same recorded mock interview. Our interviewer disagreement on scores dropped noticeably and debriefs got shorter.
""")
a(K,'en','behavioral',1,'restated_question',"""
Yes, I've taken part in hiring. Assessing candidates fairly is very important, so I try to assess them fairly. And there have been hiring decisions that I influenced, which I think is a big part of taking part in hiring.
""")
a(K,'en','behavioral',2,'vague_behavioral',"""
Yes, I've interviewed a few people for my team. I try to be fair and unbiased by asking everyone similar questions and focusing on their skills rather than where they come from. I've influenced some decisions too - sometimes I was the one who pushed for a candidate I thought was really good, and it generally worked out well.
""")
a(K,'en','behavioral',3,'concrete_star',"""
I ran the take-home review and a follow-up pairing interview for our frontend hires last year. To keep it fair I graded the take-home blind, without the CV, against a checklist we'd agreed on. One candidate had a weaker CV than the others but the cleanest take-home, with tests and sensible state handling; I argued to bring him to the final round instead of filtering on the CV, and he got the offer. He's been on the team for a year now and owns our design system work.
""")
a(K,'en','behavioral',1,'vague_behavioral',"""
I think fairness is the most important thing in hiring. I'd look at both their technical skills and their attitude, and whether they'd be a good fit for the team. Everyone should be given an equal chance.
""")
a(K,'en','behavioral',3,'filler_heavy_correct',"""
Yeah, so, um, I've been an interviewer for maybe a year and a half, mostly coding rounds. For fairness, like, the big thing for me is I write my score and my notes before the debrief, against the rubric, you know, so I'm not just nodding along with whoever talks first. And I ask everyone the same core question, with the same hints. The decision I remember, um, we had a candidate who totally froze on the first problem, but when I gave the standard hint he recovered and wrote really clean code and tested it, and I, like, pushed back in the debrief when people focused on the freeze. We hired him and he's been great.
""")

K = 'behavioral-motivation'
a(K,'en','behavioral',4,'concrete_star',"""
You're building route optimisation and dispatch for small delivery businesses, and the part of the role that caught my eye is owning the real-time dispatch backend. That's very close to what I did at my current company: I led the rebuild of our courier assignment service. Assignments were computed in one big batch every two minutes, so during peaks couriers sat idle and customers waited; I redesigned it as an event-driven service that re-assigns on each order event, with Redis geo indexes and a fallback to the batch path. Average pickup wait dropped from about 11 to 7 minutes and we handled peak days at roughly 3x the previous volume.
What I want next is to do that kind of work where it's the core product rather than an internal tool, and at a company your size where I can shape the architecture - your engineering blog post about moving dispatch to event sourcing was honestly what made me apply. I'd bring the production experience with real-time geo workloads; what I hope to learn is the optimisation side your team is strong in.
""")
a(K,'en','behavioral',1,'vague_behavioral',"""
Your company is a leader in the industry and has a great reputation, and I really want to grow together with a company like this. I'm passionate about technology and always eager to learn new things, so I believe this role is a great fit for me and I can contribute a lot.
""")
a(K,'en','behavioral',2,'vague_behavioral',"""
I've used your app for a while and I like it, and I've heard good things about the engineering culture. I have about four years of backend experience, which fits this position, and I think I could learn a lot here while contributing to the team.
""")
a(K,'en','behavioral',1,'keyword_list',"""
Java, Spring Boot, AWS, Kafka, five years, MSA, agile, growth, teamwork.
""")
a(K,'en','behavioral',3,'other_language',"""
지원한 이유는 두 가지입니다. 첫째, 이 포지션이 결제 시스템의 안정성을 책임지는 역할인데, 저는 지금 회사에서 PG 연동과 정산을 3년 동안 맡으면서 장애 대응과 멱등성 설계를 계속 해 왔습니다. 둘째, 귀사가 해외 결제로 확장하고 있다고 들었는데, 다중 통화와 여러 PG를 다뤄 본 경험을 바로 쓸 수 있고, 동시에 더 큰 트래픽에서 일해 보면서 성장하고 싶습니다.
""")
a(K,'en','behavioral',3,'normal',"""
Mainly the product and the scale. I've spent three years on Android at a fintech, where I owned the app's modularisation and our release pipeline, and your job post is about exactly that: a large app with many teams that needs faster builds and safer releases. I'm also drawn to the fact that your mobile team is treated as a platform team for the rest of the company - that's the direction I want to grow in.
""")
a(K,'en','behavioral',3,'concrete_star',"""
I'm applying because this role is about data reliability, and that's been the thread through my last job. When I joined, our daily revenue dashboard was wrong about once a week and nobody trusted it. I added tests and freshness checks to our dbt models and alerting on failed loads; within a quarter, incidents that reached the finance team went from roughly four a month to one. I'd like to do that at a bigger scale, and your team is building the platform from the ground up.
""")
