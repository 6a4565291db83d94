# One image, three roles: RUN_MODE=all|api|worker.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY service ./service
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "service/main.ts"]
