"""Alembic environment: the engine comes from Store.migrate(), or from -x url=… ."""

from alembic import context
from sqlalchemy import create_engine

from opsreport.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///dev.db")
    engine = create_engine(url)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
