"""Speech-to-text: offline providers (Vosk ko, PocketSphinx en), optional Deepgram / faster-whisper."""
