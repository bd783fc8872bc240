import { Module } from '@nestjs/common';
import { LoginHandler } from './login.handler';
import { LoginService } from './login.service';

@Module({
  controllers: [LoginHandler],
  providers: [LoginService],
})
export class LoginModule {}
