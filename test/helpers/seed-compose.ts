/** The seed's own compose file: reasoning-api, tools-api, LiteLLM, Phoenix and three Postgres containers. */
export const SEED_COMPOSE = `name: reasoning
services:
  reasoning-api:
    build: ./reasoning-api
    ports: ["8000:8000"]
    environment:
      API_TOKENS: \${API_TOKENS}
      REQUIRE_AUTH: \${REQUIRE_AUTH:-false}
      REASONING_DATABASE_URL: postgresql+asyncpg://reasoning:\${POSTGRES_PASSWORD:-devpass}@reasoning-db:5432/reasoning
      LITELLM_BASE_URL: http://litellm:4000
      LITELLM_API_KEY: \${LITELLM_MASTER_KEY}
      TOOLS_API_URL: http://tools-api:8001
      PHOENIX_COLLECTOR_ENDPOINT: http://phoenix:4317
    depends_on:
      reasoning-db: { condition: service_healthy }
      litellm: { condition: service_started }
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]
      interval: 10s
  tools-api:
    build: ./tools-api
    ports: ["8001:8001"]
  litellm:
    image: ghcr.io/berriai/litellm:main-stable
    command: ["--config", "/app/config.yaml", "--port", "4000"]
    volumes:
      - ./litellm/config.yaml:/app/config.yaml
    ports: ["4000:4000"]
    environment:
      DATABASE_URL: postgresql://litellm:pw@litellm-db:5432/litellm
      LITELLM_MASTER_KEY: \${LITELLM_MASTER_KEY}
      OTEL_EXPORTER: otlp_grpc
      OTEL_EXPORTER_OTLP_ENDPOINT: http://phoenix:4317
  phoenix:
    image: arizephoenix/phoenix:version-17.23.0
    ports: ["6006:6006", "4317:4317"]
    environment:
      PHOENIX_SQL_DATABASE_URL: postgresql://phoenix:pw@phoenix-db:5432/phoenix
      PHOENIX_ENABLE_AUTH: "false"
      PHOENIX_SECRET: 3f9a8c1d2e4b5a6978f0c1d2e3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f30
  reasoning-db:
    image: postgres:16
    environment: { POSTGRES_USER: reasoning, POSTGRES_PASSWORD: devpass, POSTGRES_DB: reasoning }
    volumes: [reasoning-data:/var/lib/postgresql/data]
  litellm-db:
    image: postgres:16
    environment: { POSTGRES_USER: litellm, POSTGRES_PASSWORD: pw, POSTGRES_DB: litellm }
  phoenix-db:
    image: postgres:16
    environment: { POSTGRES_USER: phoenix, POSTGRES_PASSWORD: pw, POSTGRES_DB: phoenix }
volumes:
  reasoning-data:
`;
