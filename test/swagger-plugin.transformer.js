// Runs the same @nestjs/swagger CLI plugin as `nest build` inside ts-jest, so
// the e2e layer serves (and checks) the same OpenAPI document as the service.
const plugin = require('@nestjs/swagger/plugin');
const options = require('../nest-cli.json').compilerOptions.plugins.find((entry) => entry.name === '@nestjs/swagger').options;

module.exports.name = 'nestjs-swagger-plugin';
// Bump when the options change, so ts-jest's cache is refreshed.
module.exports.version = 1;
module.exports.factory = (tsCompiler) => plugin.before(options, tsCompiler.program);
