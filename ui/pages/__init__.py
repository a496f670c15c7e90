"""One module per page; importing this package registers every route."""
from ui.pages import (  # noqa: F401
                      account,
                      admin,
                      auth,
                      device,
                      history,
                      interview,
                      landing,
                      loading,
                      report,
                      result,
)
