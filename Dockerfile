FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 BILATERAL_DATA_DIR=/app/.data
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# plotly.js comes from the installed plotly package, never a CDN; collectstatic needs no
# database, so a placeholder URL keeps settings from starting the embedded server.
RUN mkdir -p static/vendor \
 && python -c "import pathlib, plotly, shutil; shutil.copyfile(pathlib.Path(plotly.__file__).parent / 'package_data' / 'plotly.min.js', 'static/vendor/plotly.min.js')" \
 && DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build python manage.py collectstatic --noinput --verbosity 0

RUN useradd --create-home bilateral && chown -R bilateral /app
USER bilateral
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
