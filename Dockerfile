# syntax=docker/dockerfile:1
# Squadgate's server in a container. Build: docker build -t squadgate .
# Run: docker run -e APP_ID -e PRIVATE_KEY -e WEBHOOK_SECRET -p 3000:3000 squadgate
# (compose.yaml runs two replicas with Redis). CI has no container engine: there,
# test/e2e/container.e2e.test.ts repeats the runtime stage's steps in a clean folder.

# Build stage: dev dependencies and the TypeScript compiler stay here.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies and the built app only.
FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# The npm cache stays out of the image.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/lib ./lib
COPY app.yml ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (exec form, no npm, no shell): SIGTERM reaches it, and it drains before exiting.
CMD ["node", "lib/server.js"]
