"""Optional LLM backends (llama.cpp, OpenAI-compatible HTTP, transformers) and the tasks the product asks of them."""
from core.llm.base import (
    LLMBackend,
    LLMBadOutput,
    LLMError,
    LLMRateLimited,
    LLMTimeout,
    LLMUnavailable,
)
from core.llm.blend import blend_evaluation
from core.llm.registry import get_llm, llm_status, make_llm, reset_llm
from core.llm.tasks import (
    generate_question,
    judge_answer,
    write_follow_up,
    write_grading_key,
)

__all__ = [
    "LLMBackend",
    "LLMBadOutput",
    "LLMError",
    "LLMRateLimited",
    "LLMTimeout",
    "LLMUnavailable",
    "blend_evaluation",
    "generate_question",
    "get_llm",
    "judge_answer",
    "llm_status",
    "make_llm",
    "reset_llm",
    "write_follow_up",
    "write_grading_key",
]
