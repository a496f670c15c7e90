// Browser-side media for the interview coach: camera/microphone, level meter, answer recording + upload,
// live transcript (WebRTC to /offer + WebSocket /ws/{session}), and the interviewer's voice (speechSynthesis).
// Results go back to the Python page with NiceGUI's emitEvent(name, payload); nothing here stores video.
(function () {
  "use strict";

  const state = {
    stream: null, // camera+mic MediaStream
    token: "", sessionId: null, recordId: null,
    recorder: null, chunks: [], lastBlob: null, lastRecordId: null, recordStart: 0, submitOnUpload: false,
    pc: null, ws: null, liveTrack: null, liveReady: false, lastLive: false, stopWaiter: null,
    meterTimer: null, audioCtx: null,
  };

  function emit(name, payload) {
    try { emitEvent(name, payload || {}); } catch (err) { console.warn("emit failed", name, err); }
  }

  function errorInfo(err, extra) {
    return Object.assign({ name: (err && err.name) || "Error", message: String((err && err.message) || err || "") },
      extra || {});
  }

  function supported() {
    return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  }

  function el(id) { return id ? document.getElementById(id) : null; }

  // Ask for the microphone (and the camera when opted in). A camera problem alone falls back to audio only.
  async function open(opts) {
    opts = opts || {};
    if (!supported()) {
      emit("ic_media_error", { name: window.isSecureContext ? "NotSupportedError" : "InsecureContextError" });
      return false;
    }
    close();
    const audio = { echoCancellation: true, noiseSuppression: true, channelCount: 1 };
    try {
      state.stream = await navigator.mediaDevices.getUserMedia({
        audio, video: opts.camera ? { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" } : false });
    } catch (err) {
      if (!opts.camera) { emit("ic_media_error", errorInfo(err)); return false; }
      try {
        state.stream = await navigator.mediaDevices.getUserMedia({ audio });
        emit("ic_media_error", errorInfo(err, { partial: "camera" }));
      } catch (err2) {
        emit("ic_media_error", errorInfo(err2));
        return false;
      }
    }
    const video = el(opts.videoId);
    if (video && state.stream.getVideoTracks().length) {
      video.srcObject = state.stream;
      video.muted = true;
      try { await video.play(); } catch (err) { /* autoplay may need a gesture; the stream is still attached */ }
    }
    emit("ic_media_ready", { audio: state.stream.getAudioTracks().length > 0,
      video: state.stream.getVideoTracks().length > 0 });
    return true;
  }

  function close() {
    stopMeter();
    if (state.stream) state.stream.getTracks().forEach((t) => t.stop());
    state.stream = null;
  }

  // Microphone level 0-100 into a bar's width (and data-level, aria-valuenow for tests and screen readers).
  function meter(barId) {
    stopMeter();
    if (!state.stream || !state.stream.getAudioTracks().length) return false;
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return false;
    state.audioCtx = new Ctx();
    state.audioCtx.resume().catch(() => {});
    const source = state.audioCtx.createMediaStreamSource(state.stream);
    const analyser = state.audioCtx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    let peak = 0;
    state.meterTimer = setInterval(() => {
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
      const rms = Math.sqrt(sum / data.length);
      const db = 20 * Math.log10(rms + 1e-9); // -60 dBFS .. 0 dBFS -> 0 .. 100
      const level = Math.max(0, Math.min(100, Math.round((db + 60) * (100 / 60))));
      peak = Math.max(level, peak - 2);
      const bar = el(barId);
      if (bar) {
        bar.style.width = level + "%";
        bar.dataset.level = String(level);
        bar.dataset.peak = String(peak);
        if (bar.parentElement) bar.parentElement.setAttribute("aria-valuenow", String(level));
      }
    }, 100);
    return true;
  }

  function stopMeter() {
    if (state.meterTimer) clearInterval(state.meterTimer);
    state.meterTimer = null;
    if (state.audioCtx) state.audioCtx.close().catch(() => {});
    state.audioCtx = null;
  }

  // ---- live transcript: WebRTC audio (and optional video for expression analysis) + WebSocket events ----
  function waitIce(pc, ms) {
    if (pc.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { if (pc.iceGatheringState === "complete") { pc.removeEventListener("icegatheringstatechange", done); resolve(); } };
      pc.addEventListener("icegatheringstatechange", done);
      setTimeout(resolve, ms);
    });
  }

  async function live(opts) {
    state.token = opts.token; state.sessionId = opts.sessionId;
    if (!state.stream || !window.RTCPeerConnection || !window.WebSocket) return false;
    try {
      const proto = location.protocol === "https:" ? "wss:" : "ws:";
      const ws = new WebSocket(`${proto}//${location.host}/ws/${opts.sessionId}?token=${encodeURIComponent(opts.token)}`);
      state.ws = ws;
      ws.onmessage = (msg) => {
        let data; try { data = JSON.parse(msg.data); } catch (err) { return; }
        if (data && data.type === "stt_result") {
          emit("ic_stt_live", { text: data.text || "", is_final: !!data.is_final, record_id: data.record_id,
            low_confidence: !!data.low_confidence });
        } else if (data && (data.type === "draft" || (data.type === "error" && /^STT_/.test(data.error_code || "")))) {
          const waiter = state.stopWaiter;
          state.stopWaiter = null;
          if (waiter) waiter(data);
        } else if (data && data.type === "voice") {
          // The server's VAD: "listening" vs "speaking" (no partial words: see docs/live-media.md).
          document.documentElement.dataset.icVoice = data.speaking ? "speaking" : "listening";
        }
      };
      ws.onclose = () => { state.liveReady = false; emit("ic_live_state", { ready: false }); };
      await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; setTimeout(reject, 5000); });

      const pc = new RTCPeerConnection();
      state.pc = pc;
      state.liveTrack = state.stream.getAudioTracks()[0].clone();
      state.liveTrack.enabled = false; // only while answering
      pc.addTrack(state.liveTrack, state.stream);
      state.stream.getVideoTracks().forEach((t) => pc.addTrack(t, state.stream));
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      await waitIce(pc, 2000);
      const body = { sdp: pc.localDescription.sdp, type: pc.localDescription.type, session_id: opts.sessionId };
      if (state.recordId) body.record_id = state.recordId;
      const res = await fetch("/offer", { method: "POST", headers: { "Content-Type": "application/json",
        Authorization: "Bearer " + opts.token }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error("offer " + res.status);
      await pc.setRemoteDescription(await res.json());
      state.liveReady = true;
      emit("ic_live_state", { ready: true });
      return true;
    } catch (err) {
      console.info("live transcript unavailable:", err);
      stopLive();
      emit("ic_live_state", { ready: false });
      return false;
    }
  }

  function stopLive() {
    try { if (state.ws) state.ws.close(); } catch (err) { /* closing anyway */ }
    try { if (state.pc) state.pc.close(); } catch (err) { /* closing anyway */ }
    if (state.liveTrack) state.liveTrack.stop();
    state.ws = null; state.pc = null; state.liveTrack = null; state.liveReady = false;
  }

  function setRecord(recordId) {
    state.recordId = recordId;
    if (state.ws && state.ws.readyState === 1) state.ws.send(JSON.stringify({ type: "set_record", record_id: recordId }));
  }

  // ---- answer recording (MediaRecorder) and upload to /answers/{id}/audio ----
  function pickMime() {
    const options = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
    if (!window.MediaRecorder) return null;
    return options.find((m) => MediaRecorder.isTypeSupported(m)) || "";
  }

  // opts.submit: ask the server to submit the transcript at once (a retried answer can't hold a draft).
  function startAnswer(recordId, opts) {
    if (!state.stream || !state.stream.getAudioTracks().length) { emit("ic_recording", { ok: false, reason: "no_mic" }); return false; }
    const mime = pickMime();
    if (mime === null) { emit("ic_recording", { ok: false, reason: "no_recorder" }); return false; }
    stopSpeaking();
    setRecord(recordId);
    if (state.liveTrack) state.liveTrack.enabled = true;
    state.chunks = [];
    state.lastRecordId = recordId;
    state.submitOnUpload = !!(opts && opts.submit);
    const audioOnly = new MediaStream(state.stream.getAudioTracks());
    state.recorder = mime ? new MediaRecorder(audioOnly, { mimeType: mime }) : new MediaRecorder(audioOnly);
    state.recorder.ondataavailable = (e) => { if (e.data && e.data.size) state.chunks.push(e.data); };
    state.recorder.start(1000);
    state.recordStart = performance.now();
    emit("ic_recording", { ok: true, record_id: recordId });
    return true;
  }

  // One transcription per answer: with a live call its finals are the draft ("stop" flushes the last segment);
  // the recording is uploaded only when there was no live call (or the question was already answered: retry).
  function stopAnswer() {
    const rec = state.recorder;
    if (!rec || rec.state === "inactive") {
      if (state.liveTrack) state.liveTrack.enabled = false;
      emit("ic_stt_error", { error_code: "NO_RECORDING", retry_available: false }); return;
    }
    const viaLive = state.liveReady && state.ws && state.ws.readyState === 1 && !state.submitOnUpload;
    state.lastLive = viaLive;
    rec.onstop = () => {
      const type = rec.mimeType || "audio/webm";
      state.lastBlob = new Blob(state.chunks, { type });
      state.recorder = null;
      emit("ic_recorded", { seconds: (performance.now() - state.recordStart) / 1000, bytes: state.lastBlob.size,
        live: viaLive });
      if (!viaLive) upload();
    };
    rec.stop();
    if (viaLive) {
      // The last 20 ms frames are still on the wire: keep the track open a moment so the end of speech arrives.
      setTimeout(() => { if (state.liveTrack) state.liveTrack.enabled = false; liveStop(); }, STOP_TAIL_MS);
    } else if (state.liveTrack) {
      state.liveTrack.enabled = false;
    }
  }

  const STOP_TAIL_MS = 250;
  const STOP_TIMEOUT_MS = 8000;

  function liveStop() {
    const recordId = state.lastRecordId;
    if (!state.ws || state.ws.readyState !== 1) { upload(true); return; }
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true; state.stopWaiter = null;
      emit("ic_stt_error", { error_code: "STT_TIMEOUT", retry_available: true, record_id: recordId });
    }, STOP_TIMEOUT_MS);
    state.stopWaiter = (data) => {
      if (settled) return;
      settled = true; clearTimeout(timer);
      if (data.type === "draft") { emit("ic_stt_final", data); return; }
      if (data.error_code === "STT_NO_CALL") { upload(true); return; } // the call is gone: the recording is all we have
      emit("ic_stt_error", { error_code: data.error_code, error_message: data.error_message || "",
        retry_available: data.retry_available !== false, record_id: recordId });
    };
    state.ws.send(JSON.stringify({ type: "stop", record_id: recordId }));
  }

  function cancelAnswer() {
    if (state.liveTrack) state.liveTrack.enabled = false;
    if (state.recorder && state.recorder.state !== "inactive") { state.recorder.onstop = null; state.recorder.stop(); }
    state.recorder = null;
  }

  // force: upload even though the answer was live (the call ended before its draft came back).
  async function upload(force) {
    if (state.lastLive && force !== true && state.liveReady) { liveStop(); return; } // retry asks the call again
    if (!state.lastBlob || !state.lastRecordId) { emit("ic_stt_error", { error_code: "NO_RECORDING", retry_available: false }); return; }
    const ext = state.lastBlob.type.includes("ogg") ? "ogg" : state.lastBlob.type.includes("mp4") ? "m4a" : "webm";
    const form = new FormData();
    form.append("file", state.lastBlob, "answer." + ext);
    let res;
    try {
      const query = state.submitOnUpload ? "?submit=true" : "";
      res = await fetch(`/answers/${state.lastRecordId}/audio${query}`, { method: "POST",
        headers: { Authorization: "Bearer " + state.token }, body: form });
    } catch (err) {
      emit("ic_stt_error", { error_code: "NETWORK", error_message: String(err), retry_available: true });
      return;
    }
    let body = {};
    try { body = await res.json(); } catch (err) { body = {}; }
    if (!res.ok) {
      emit("ic_stt_error", { error_code: body.error_code || "HTTP_" + res.status, error_message: body.error_message || "",
        retry_available: body.retry_available !== false, status: res.status });
      return;
    }
    emit("ic_stt_final", body);
  }

  // ---- the interviewer's voice ----
  function voiceFor(lang) {
    if (!("speechSynthesis" in window)) return null;
    const voices = window.speechSynthesis.getVoices();
    const want = lang === "ko" ? "ko" : "en";
    return voices.find((v) => (v.lang || "").toLowerCase().replace("_", "-").startsWith(want + "-"))
      || voices.find((v) => (v.lang || "").toLowerCase().startsWith(want)) || null;
  }

  function speak(text, lang) {
    if (!("speechSynthesis" in window) || !text) return false;
    window.speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang === "ko" ? "ko-KR" : "en-US";
    const v = voiceFor(lang);
    if (v) u.voice = v;
    u.onend = () => emit("ic_tts_done", {});
    window.speechSynthesis.speak(u);
    return true;
  }

  function stopSpeaking() {
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  }

  if ("speechSynthesis" in window) window.speechSynthesis.getVoices(); // voices load lazily in Chrome

  window.IC = { supported, open, close, meter, stopMeter, live, stopLive, setRecord, startAnswer, stopAnswer,
    cancelAnswer, upload, speak, stopSpeaking, state };
  window.addEventListener("pagehide", () => { cancelAnswer(); stopLive(); close(); stopSpeaking(); });
})();
