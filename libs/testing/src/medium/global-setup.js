// Jest globalSetup of the `medium` project (jest.config.js): medium specs need only PostgreSQL.
// Plain CommonJS: Jest loads it before any transform is set up.
const { checkServers } = require('../global-setup');

module.exports = () => checkServers(['DATABASE_URL'], 'Medium tests need PostgreSQL');
