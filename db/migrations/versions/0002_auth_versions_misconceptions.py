"""token versions, case-insensitive usernames, misconceptions in the bank

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A token carries the user's version; bumping it (password change, logout) revokes every older token.
    op.add_column('users', sa.Column('token_version', sa.Integer(), server_default='0', nullable=False))
    # Usernames are unique regardless of case ("Alice" and "alice" are one account).
    op.create_index('uq_users_username_lower', 'users', [sa.text('lower(username)')], unique=True)
    # Common wrong claims per question, each with its correction (core/question_bank/SCHEMA.md).
    op.add_column('question_bank', sa.Column('misconceptions', postgresql.JSONB(astext_type=sa.Text()),
                                             server_default='[]', nullable=False))
    # bank | llm: where a question's grading key came from (an LLM writes keys for questions outside the bank).
    op.add_column('question_bank', sa.Column('key_source', sa.String(length=8), server_default='bank',
                                             nullable=False))


def downgrade() -> None:
    op.drop_column('question_bank', 'key_source')
    op.drop_column('question_bank', 'misconceptions')
    op.drop_index('uq_users_username_lower', table_name='users')
    op.drop_column('users', 'token_version')
