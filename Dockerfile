# The vzmc image: the packed npm tarball installed on Node 20 slim, run as a numeric non-root user.
# Build: npm run build && npm pack && docker build --build-arg VERSION=$(node -p "require('./package.json').version") -t ghcr.io/vzmc/vzmc:$VERSION .
# Not built in this project's CI (no container engine there); see docs/operations.md, "Deploying".
FROM node:20-slim
ARG VERSION
WORKDIR /app
COPY vzmc-${VERSION}.tgz /tmp/vzmc.tgz
RUN npm install --omit=dev --no-audit --no-fund --prefix /app /tmp/vzmc.tgz \
 && rm /tmp/vzmc.tgz \
 && ln -s /app/node_modules/.bin/vzmc /usr/local/bin/vzmc
USER 65532:65532
ENV NODE_ENV=production
EXPOSE 8080
ENTRYPOINT ["vzmc"]
