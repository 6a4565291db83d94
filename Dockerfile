# One image, three roles: RUN_MODE=all|api|worker.
# Stage 1 builds the panel bundle (Vite); the image itself carries only runtime dependencies.
FROM node:22-bookworm-slim AS panel
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY plugin ./plugin
COPY service ./service
COPY scripts/build-panel.ts ./scripts/
RUN npm run build:panel

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY service ./service
COPY --from=panel /app/plugin/dist ./plugin/dist
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "service/main.ts"]
