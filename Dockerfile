# syntax=docker/dockerfile:1
# Production image: the same image runs ROLE=api, ROLE=worker and the one-shot migration.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=optional
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; optional ones (embedded PostgreSQL for `npm start`) are left out.
RUN npm ci --no-audit --no-fund --omit=dev --omit=optional && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 ROLE=all
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The recorded examples: the OpenAPI document's and the portal's test events (src/webhooks/test-events.ts).
COPY docs/openapi-examples.json ./docs/openapi-examples.json
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
