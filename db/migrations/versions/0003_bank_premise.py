"""the premise of a behavioural bank question

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # {point, terms}: the situation a behavioural story must be about to answer this question and not a neighbouring
    # one (core/question_bank/SCHEMA.md). NULL where the question takes any story.
    op.add_column('question_bank', sa.Column('premise', postgresql.JSONB(astext_type=sa.Text()), nullable=True))


def downgrade() -> None:
    op.drop_column('question_bank', 'premise')
